package io.storageconsole.account.ui.view;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.storageconsole.account.service.PasswordPolicy;
import io.storageconsole.account.service.PasswordResets;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.security.SignInRoutes;

/** Where the link of "Forgot password?" leads: a new password, once; then sign in as usual. */
@Route(value = SignInRoutes.RESET_PASSWORD, autoLayout = false)
@PageTitle("Set a new password · Storage Console")
@AnonymousAllowed
public class ResetPasswordView extends VerticalLayout implements HasUrlParameter<String> {

    public static final String SET = "Set new password";
    static final String DONE = "done";

    private final PasswordResets resets;
    private String token;

    public ResetPasswordView(PasswordResets resets) {
        this.resets = resets;
        addClassName("console-login");
        // A page without the console frame is the main landmark itself.
        getElement().setAttribute("role", "main");
        setAlignItems(Alignment.CENTER);
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String token) {
        this.token = token;
        removeAll();
        add(new H1("Set a new password"));
        if (!resets.isUsable(token)) {
            showUnusable();
            return;
        }
        // The token leaves the address bar (and the browser's history) once read.
        event.getUI().getPage().getHistory().replaceState(null, SignInRoutes.RESET_PASSWORD);
        PasswordField newPassword = new PasswordField("New password");
        newPassword.setHelperText(PasswordPolicy.DESCRIPTION);
        newPassword.setAutocomplete(Autocomplete.NEW_PASSWORD);
        newPassword.setAutofocus(true);
        PasswordField confirmation = new PasswordField("Confirm new password");
        confirmation.setAutocomplete(Autocomplete.NEW_PASSWORD);
        FormErrors errors = new FormErrors().field("newPassword", newPassword).field("confirmation", confirmation);
        Button set = new Button(SET, click -> {
            try {
                resets.setNewPassword(this.token, newPassword.getValue(), confirmation.getValue());
                getUI().ifPresent(ui -> ui.getPage().setLocation(SignInRoutes.LOGIN + "?reset"));
            } catch (InvalidInputException e) {
                errors.show(e);
            } catch (ActionRefusedException e) {
                removeAll();
                add(new H1("Set a new password"));
                showUnusable(e.getMessage());
            }
        });
        set.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        set.addClickShortcut(Key.ENTER);
        FormLayout form = new FormLayout(newPassword, confirmation, set);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        form.setMaxWidth("26rem");
        add(new Paragraph("Setting a new password signs you out everywhere. If MFA is on, signing in still asks for your code."),
                form);
    }

    private void showUnusable() {
        showUnusable(PasswordResets.LINK_UNUSABLE);
    }

    private void showUnusable(String message) {
        Paragraph text = new Paragraph(message);
        text.setId("reset-password-refused");
        add(text, new Anchor(SignInRoutes.FORGOT_PASSWORD, "Ask for a new link"),
                new Anchor(SignInRoutes.LOGIN, "Back to sign in"));
    }
}
