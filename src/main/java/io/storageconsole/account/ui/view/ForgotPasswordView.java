package io.storageconsole.account.ui.view;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.storageconsole.account.service.PasswordResets;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.SignInRoutes;

/** "Forgot password?" of the sign-in page: the address to send a single-use link to. */
@Route(value = SignInRoutes.FORGOT_PASSWORD, autoLayout = false)
@PageTitle("Forgot password · Storage Console")
@AnonymousAllowed
public class ForgotPasswordView extends VerticalLayout {

    public static final String SEND = "Send link";

    public ForgotPasswordView(PasswordResets resets) {
        addClassName("console-login");
        // A page without the console frame is the main landmark itself.
        getElement().setAttribute("role", "main");
        setAlignItems(Alignment.CENTER);

        EmailField email = new EmailField("Email");
        email.setAutocomplete(Autocomplete.EMAIL);
        email.setAutofocus(true);
        email.setWidth("20rem");
        email.setMaxWidth("100%");
        Paragraph answer = new Paragraph();
        answer.setId("forgot-password-answer");
        answer.getElement().setAttribute("role", "status");
        Button send = new Button(SEND, click -> {
            email.setInvalid(false);
            try {
                answer.setText(resets.request(email.getValue()));
            } catch (InvalidInputException e) {
                email.setErrorMessage(e.messageFor("email"));
                email.setInvalid(true);
            } catch (ActionRefusedException e) {
                answer.setText(e.getMessage());
            }
        });
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickShortcut(Key.ENTER);

        add(new H1("Forgot password"),
                new Paragraph("Enter the email address you sign in with. We send it a link to set a new password."),
                email, send, answer, new Anchor(SignInRoutes.LOGIN, "Back to sign in"));
    }
}
