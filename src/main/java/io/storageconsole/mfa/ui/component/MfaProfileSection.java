package io.storageconsole.mfa.ui.component;

import io.storageconsole.base.ui.component.ProfileSection;
import io.storageconsole.mfa.service.MfaService;

@org.springframework.stereotype.Component
class MfaProfileSection implements ProfileSection {

    private final MfaService mfa;

    MfaProfileSection(MfaService mfa) {
        this.mfa = mfa;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public com.vaadin.flow.component.Component create() {
        return new MfaSection(mfa);
    }
}
