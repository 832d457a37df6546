package io.storageconsole.support.ui.component;

import com.vaadin.flow.component.Component;
import io.storageconsole.base.ui.component.LostAuthenticatorHelp;
import io.storageconsole.support.service.HelpRequests;

/** Puts support's request for help on the second sign-in step. */
@org.springframework.stereotype.Component
class SupportHelpOffer implements LostAuthenticatorHelp {

    private final HelpRequests requests;

    SupportHelpOffer(HelpRequests requests) {
        this.requests = requests;
    }

    @Override
    public Component create() {
        return new HelpRequestForm(requests);
    }
}
