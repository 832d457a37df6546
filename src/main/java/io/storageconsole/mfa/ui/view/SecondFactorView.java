package io.storageconsole.mfa.ui.view;

import io.storageconsole.security.SignInRoutes;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.LostAuthenticatorHelp;
import io.storageconsole.mfa.service.CodeLockedException;
import io.storageconsole.mfa.service.Enrolment;
import io.storageconsole.mfa.service.MfaService;
import io.storageconsole.mfa.service.SecondFactorService;
import io.storageconsole.mfa.ui.component.EnrolmentForm;
import io.storageconsole.mfa.ui.component.RecoveryCodesPanel;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.web.SignInCompletion;
import jakarta.annotation.security.RolesAllowed;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The second step of signing in: a code (or recovery code) when MFA is active, or enrolment when
 * MFA is required but not set up. Nothing else is reachable until this step is done.
 */
@Route(value = SignInRoutes.SECOND_FACTOR, autoLayout = false)
@PageTitle("Multi-Factor Authentication · Storage Console")
@RolesAllowed(Roles.MFA_PENDING)
public class SecondFactorView extends VerticalLayout {

    public static final String CODE_LABEL = "6-digit code";
    public static final String RECOVERY_LABEL = "Recovery code";
    public static final String LOST_AUTHENTICATOR = "Lost your authenticator?";
    public static final String START_SET_UP = "Set up MFA";

    private final SecondFactorService secondFactor;
    private final MfaService mfa;
    private final SignInCompletion completion;
    private final Div enrolmentArea = new Div();

    public SecondFactorView(SecondFactorService secondFactor, MfaService mfa, SignInCompletion completion,
                            AuthenticationContext authentication, ObjectProvider<LostAuthenticatorHelp> help) {
        this.secondFactor = secondFactor;
        this.mfa = mfa;
        this.completion = completion;
        addClassName("console-second-factor");
        // A page without the console frame is the main landmark itself.
        getElement().setAttribute("role", "main");
        setAlignItems(Alignment.CENTER);
        setMaxWidth("36rem");
        getStyle().set("margin", "0 auto");

        add(new H1("Multi-Factor Authentication"));
        if (secondFactor.stage() == SignInStage.MFA_ENROLMENT) {
            add(new Paragraph("Your account requires multi-factor authentication. Link an authenticator app to continue."),
                    enrolmentArea);
            // Loading this page creates nothing: a set-up starts with the button, or is this browser's own.
            try {
                mfa.resumeEnrolment().ifPresentOrElse(this::showEnrolment, () -> {
                    Button start = new Button(START_SET_UP, click -> {
                        click.getSource().setVisible(false);
                        try {
                            showEnrolment(mfa.startEnrolmentAtSignIn());
                        } catch (ActionRefusedException e) {
                            showRefusal(e);
                        }
                    });
                    start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                    enrolmentArea.add(start);
                });
            } catch (ActionRefusedException e) {
                showRefusal(e);
            }
        } else {
            add(new Paragraph("Enter the 6-digit code from your authenticator app."));
            // The code's transaction also starts the console session and records the sign-in: one commit.
            add(codeForm(CODE_LABEL, "Verify", "code",
                    typed -> completion.finish(secondFactor.signInWithCode(typed, completion::beginAfterCode))));
            Details lost = new Details(LOST_AUTHENTICATOR);
            lost.add(new Paragraph("Enter one of the recovery codes you saved when you set up MFA. Each code works once."),
                    codeForm(RECOVERY_LABEL, "Sign in with recovery code", "recoveryCode",
                            typed -> completion.complete(secondFactor.signInWithRecoveryCode(typed))),
                    new Paragraph("No recovery codes left? Contact our support team: after checking your identity "
                            + "they can reset MFA for your account."));
            help.ifAvailable(offer -> lost.add(offer.create()));
            add(lost);
        }
        Button cancel = new Button("Cancel and sign out", click -> authentication.logout());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add(cancel);
    }

    private void showEnrolment(Enrolment enrolment) {
        enrolmentArea.add(new EnrolmentForm(enrolment, mfa, codes -> {
            removeAll();
            add(new H1("Save your recovery codes"), new RecoveryCodesPanel(codes,
                    CurrentAccount.requirePendingSecondFactor().email(), () -> {
                completion.complete(secondFactor.finishEnrolmentSignIn());
                getUI().ifPresent(ui -> ui.getPage().setLocation("/"));
            }));
        }));
    }

    private void showRefusal(ActionRefusedException refusal) {
        Paragraph message = new Paragraph(refusal.getMessage());
        message.addClassName("console-refusal");
        message.getElement().setAttribute("role", "alert");
        enrolmentArea.add(message);
    }

    /** @param signIn checks the typed code and completes the sign-in, or throws what the field shows */
    private VerticalLayout codeForm(String label, String buttonText, String field, Consumer<String> signIn) {
        TextField code = new TextField(label);
        code.getElement().setAttribute("autocomplete", "one-time-code");
        if (CODE_LABEL.equals(label)) {
            // Recovery codes hold letters; the authenticator's code is digits only.
            code.getElement().setAttribute("inputmode", "numeric");
            code.setAutofocus(true);
        }
        code.setWidthFull();
        Button verify = new Button(buttonText, click -> {
            try {
                signIn.accept(code.getValue());
                getUI().ifPresent(ui -> ui.getPage().setLocation("/"));
            } catch (InvalidInputException e) {
                code.setErrorMessage(e.messageFor(field));
                code.setInvalid(true);
            } catch (CodeLockedException | ActionRefusedException e) {
                code.setErrorMessage(e.getMessage());
                code.setInvalid(true);
            }
        });
        verify.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        verify.addClickShortcut(Key.ENTER).listenOn(code);
        VerticalLayout form = new VerticalLayout(code, verify);
        form.setPadding(false);
        return form;
    }
}
