package io.storageconsole.mfa.ui.component;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;
import io.storageconsole.base.ui.component.FrameBanner;
import io.storageconsole.mfa.service.MfaService;
import io.storageconsole.mfa.service.MfaStatus;
import io.storageconsole.security.CurrentAccount;
import java.util.Optional;

/**
 * On every page, for a user whom enforcement gives a grace period: "Set up MFA by 6 Dec 2026",
 * with "Set up now", which opens the set-up in Profile Settings.
 */
@org.springframework.stereotype.Component
class MfaDeadlineBanner implements FrameBanner {

    private final MfaService mfa;

    MfaDeadlineBanner(MfaService mfa) {
        this.mfa = mfa;
    }

    @Override
    public Optional<Component> create() {
        if (CurrentAccount.find().isEmpty()) {
            // Half-way through signing in the frame is about to forward to the second step.
            return Optional.empty();
        }
        MfaStatus status = mfa.status();
        if (status.enrolBy() == null) {
            return Optional.empty();
        }
        Span text = new Span(MfaSection.deadline(status.enrolBy()));
        Button setUp = new Button(MfaSection.SET_UP_NOW, click -> click.getSource().getUI().ifPresent(ui ->
                ui.navigate(MfaSection.PROFILE_ROUTE, QueryParameters.of(MfaSection.SET_UP_PARAMETER, "now"))));
        setUp.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        Div banner = new Div(text, setUp);
        banner.setId("mfa-deadline-banner");
        banner.addClassName("console-banner");
        banner.getElement().setAttribute("role", "region");
        banner.getElement().setAttribute("aria-label", "Multi-factor authentication deadline");
        return Optional.of(banner);
    }
}
