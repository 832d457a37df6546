package io.storageconsole.mfa.ui.component;

import io.storageconsole.account.domain.MfaState;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.storageconsole.base.ui.BrowserZone;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.mfa.service.Enrolment;
import io.storageconsole.mfa.service.MfaService;
import io.storageconsole.mfa.service.MfaStatus;
import io.storageconsole.security.CurrentAccount;
import com.vaadin.flow.shared.Registration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** The MFA section of Profile Settings: the switch, its state, reset and recovery codes. */
public class MfaSection extends Div {

    public static final String SWITCH_LABEL = "Multi-Factor Authentication";
    public static final String RESET = "Reset MFA for this account";
    public static final String RESET_DONE = "MFA has been reset for this account. At your next sign-in you will set it up again with your authenticator app.";
    public static final String REGENERATE = "Regenerate recovery codes";
    public static final String SET_UP_NOW = "Set up now";
    public static final String CONTINUE = "Continue";
    public static final String CANCEL_SET_UP = "Cancel";
    /** Profile Settings opened with this query parameter starts the set-up at once ("Set up now" of the banner). */
    public static final String SET_UP_PARAMETER = "set-up-mfa";
    static final String PROFILE_ROUTE = "profile";

    private final MfaService mfa;

    public MfaSection(MfaService mfa) {
        this.mfa = mfa;
        addClassName("console-section");
        setId("mfa-section");
        render();
        // "Set up now" of the banner navigates here with SET_UP_PARAMETER, from this page too.
        addAttachListener(attach -> {
            Registration navigation = attach.getUI().addAfterNavigationListener(navigated -> {
                boolean asked = navigated.getLocation().getQueryParameters().getParameters().containsKey(SET_UP_PARAMETER);
                if (asked && mfa.status().state() != MfaState.ACTIVE) {
                    startEnrolment();
                }
            });
            addDetachListener(detach -> navigation.remove());
        });
    }

    /** "Set up MFA by 6 Dec 2026", the day in the reader's time zone. */
    static String deadline(Instant enrolBy) {
        return "Set up MFA by " + BrowserZone.day(enrolBy);
    }

    private void render() {
        removeAll();
        MfaStatus status = mfa.status();

        Checkbox toggle = new Checkbox(SWITCH_LABEL, status.state() != MfaState.OFF);
        // Drawn as a switch, announced as the checkbox it is: role=switch on the host would wrap
        // the native checkbox, an interactive control inside another (axe: nested-interactive).
        toggle.addClassName("console-switch");
        toggle.setReadOnly(status.enforced() && toggle.getValue());
        toggle.addValueChangeListener(change -> {
            if (!change.isFromClient()) {
                return;
            }
            if (change.getValue()) {
                startEnrolment();
            } else {
                toggle.setValue(true);
                confirmTurnOff(status);
            }
        });

        Span badge = badge(status.state().label(), status.state() == MfaState.ACTIVE ? "success" : "contrast");
        HorizontalLayout switchLine = new HorizontalLayout(toggle, badge);
        switchLine.setAlignItems(HorizontalLayout.Alignment.CENTER);
        add(new H2("Multi-Factor Authentication (MFA)"), switchLine);

        if (status.enrolBy() != null) {
            Paragraph deadline = new Paragraph(deadline(status.enrolBy()) + ". Your organization requires it; "
                    + "after that day, your next sign-in asks you to set it up.");
            deadline.setId("mfa-deadline");
            add(deadline);
        }
        switch (status.state()) {
            case OFF -> {
                add(new Paragraph("Turn MFA on to sign in with a code from an authenticator app "
                        + "(Google Authenticator, Microsoft Authenticator and others) as well as your password."));
                if (status.enrolBy() != null) {
                    Button setUp = new Button(SET_UP_NOW, click -> startEnrolment());
                    setUp.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                    add(setUp);
                }
            }
            case PENDING -> {
                add(new Paragraph("MFA is on but not set up yet. Set it up now, or you will be asked to at your next sign-in."));
                Button setUp = new Button(SET_UP_NOW, click -> startEnrolment());
                setUp.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                add(setUp);
            }
            case ACTIVE -> {
                add(new Paragraph("Every sign-in asks for a code from your authenticator app. Recovery codes left: "
                        + status.unusedRecoveryCodes() + " of 10."));
                Button regenerate = new Button(REGENERATE, click -> new PasswordConfirmDialog(REGENERATE,
                        "The ten new codes replace all earlier ones. Enter your password to continue.",
                        "Create new codes", false,
                        (password, code) -> showRecoveryCodes(mfa.regenerateRecoveryCodes(password)),
                        () -> { }).open());
                add(regenerate);
            }
        }
        if (status.enforced()) {
            Paragraph enforced = new Paragraph(status.whyMandatory());
            enforced.addClassName("mfa-enforced");
            add(enforced);
        }
        if (status.state() != MfaState.OFF) {
            Button reset = new Button(RESET, click -> new PasswordConfirmDialog(RESET,
                    "Use this if you lost your authenticator device or want to link a new one. Your current "
                            + "device and recovery codes stop working, and your next sign-in asks you to set up MFA again.",
                    "Reset MFA", false,
                    (password, code) -> mfa.reset(password),
                    () -> {
                        render();
                        Notices.success(RESET_DONE);
                    }).open());
            reset.addThemeVariants(ButtonVariant.LUMO_ERROR);
            add(reset);
        }
    }

    /**
     * Shows this browser's set-up under way again, or asks for the password and starts one; a set-up
     * running in another browser is not touched, and the user is told.
     */
    private void startEnrolment() {
        MfaState stateBefore = mfa.status().state();
        render();
        Optional<Enrolment> underWay;
        try {
            underWay = mfa.resumeEnrolment();
        } catch (ActionRefusedException e) {
            Notices.info(e.getMessage());
            return;
        }
        if (underWay.isPresent()) {
            openEnrolment(underWay.get(), stateBefore);
            return;
        }
        AtomicReference<Enrolment> started = new AtomicReference<>();
        new PasswordConfirmDialog("Set up multi-factor authentication",
                "Enter your password to link an authenticator app to your account.", CONTINUE, false,
                (password, code) -> started.set(mfa.startEnrolment(password)),
                () -> openEnrolment(started.get(), stateBefore)).open();
    }

    private void openEnrolment(Enrolment enrolment, MfaState stateBefore) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Set up multi-factor authentication");
        dialog.setId("mfa-enrolment-dialog");
        AtomicBoolean activated = new AtomicBoolean();
        dialog.add(new EnrolmentForm(enrolment, mfa, codes -> {
            activated.set(true);
            dialog.removeAll();
            dialog.add(new RecoveryCodesPanel(codes, CurrentAccount.require().email(), dialog::close));
        }));
        dialog.getFooter().add(new Button(CANCEL_SET_UP, click -> dialog.close()));
        dialog.addOpenedChangeListener(opened -> {
            if (!opened.isOpened()) {
                // Closed unfinished (Cancel, Escape, outside click): MFA stays as it was before.
                if (!activated.get()) {
                    mfa.cancelEnrolment(stateBefore);
                }
                render();
            }
        });
        dialog.open();
        render();
    }

    private void confirmTurnOff(MfaStatus status) {
        boolean active = status.state() == MfaState.ACTIVE;
        new PasswordConfirmDialog("Turn off multi-factor authentication",
                active ? "Enter your password and a current code from your authenticator app."
                        : "Enter your password to turn MFA off.",
                "Turn off", active, mfa::turnOff, () -> {
            render();
            Notices.success("Multi-factor authentication is off. Sign-in asks for your email and password only.");
        }).open();
    }

    private void showRecoveryCodes(List<String> codes) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Your new recovery codes");
        dialog.add(new RecoveryCodesPanel(codes, CurrentAccount.require().email(), dialog::close));
        dialog.addOpenedChangeListener(opened -> {
            if (!opened.isOpened()) {
                render();
            }
        });
        dialog.open();
    }

    private static Span badge(String text, String variant) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge " + variant);
        badge.setId("mfa-state");
        return badge;
    }
}
