package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;

/**
 * Turns console access on for a sub-user. The old password was removed when access was turned
 * off, so the root sets a new one here and hands it to the user.
 */
public class ConsoleAccessDialog extends Dialog {

    /** The change the dialog makes with the typed password; it may throw {@link InvalidInputException}. */
    @FunctionalInterface
    public interface TurnOn {
        void with(String password);
    }

    public ConsoleAccessDialog(String email, TurnOn turnOn) {
        setHeaderTitle("Turn on console access");
        PasswordField password = PasswordFields.newPassword("Password");
        password.setWidthFull();
        FormErrors errors = new FormErrors().field("password", password);

        Button confirm = new Button("Turn on", click -> {
            try {
                turnOn.with(password.getValue());
                close();
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());

        add(new Paragraph(email + " will sign in to the console with this password. Give it to them over a safe channel."),
                password);
        setMaxWidth("30rem");
        getFooter().add(cancel, confirm);
    }
}
