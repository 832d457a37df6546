package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;

/**
 * The signed-in user's password change: current password, new password, confirmation, each error
 * on its own field. Profile Settings shows it, and so does the page a first sign-in must pass when
 * the root user chose the password.
 */
public class ChangePasswordForm extends FormLayout {

    public static final String CHANGE = "Change password";

    /** @param changed runs once the password is changed and the fields are cleared */
    public ChangePasswordForm(AccountService accounts, Runnable changed) {
        PasswordField current = new PasswordField("Current password");
        PasswordField newPassword = PasswordFields.newPassword("New password");
        PasswordField confirmation = PasswordFields.repeated("Confirm new password");
        current.setAutocomplete(Autocomplete.CURRENT_PASSWORD);
        FormErrors errors = new FormErrors()
                .field("currentPassword", current)
                .field("newPassword", newPassword)
                .field("confirmation", confirmation);

        Button change = new Button(CHANGE, click -> {
            try {
                accounts.changePassword(current.getValue(), newPassword.getValue(), confirmation.getValue());
                errors.clear();
                current.clear();
                newPassword.clear();
                confirmation.clear();
                changed.run();
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        change.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        add(current, newPassword, confirmation, change);
        setResponsiveSteps(new ResponsiveStep("0", 1));
        setMaxWidth("26rem");
    }
}
