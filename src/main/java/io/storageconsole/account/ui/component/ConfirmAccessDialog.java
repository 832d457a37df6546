package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;

/**
 * "Confirm access", as GitHub's sudo mode asks: the password before the root user's actions on
 * sub-users, after which such actions go through in this browser for a few minutes.
 */
public final class ConfirmAccessDialog extends Dialog {

    public static final String TITLE = "Confirm access";
    public static final String CONFIRM = "Confirm";

    private ConfirmAccessDialog(PasswordConfirmation passwords, Runnable then) {
        setHeaderTitle(TITLE);
        PasswordField password = new PasswordField("Password");
        password.setWidthFull();
        password.setAutocomplete(Autocomplete.CURRENT_PASSWORD);
        FormErrors errors = new FormErrors().field("password", password);
        Button confirm = new Button(CONFIRM, click -> {
            try {
                passwords.confirmForSensitiveActions(password.getValue());
                close();
                then.run();
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.addClickShortcut(Key.ENTER).listenOn(password);
        VerticalLayout body = new VerticalLayout(new Paragraph("This action changes someone else's account. Enter "
                + "your password to continue; this browser will not ask again for the next "
                + PasswordConfirmation.SUDO.toMinutes() + " minutes."), password);
        body.setPadding(false);
        add(body);
        getFooter().add(new Button("Cancel", click -> close()), confirm);
    }

    /** Runs {@code action} at once if the password was confirmed lately in this browser, else after asking for it. */
    public static void thenRun(PasswordConfirmation passwords, Runnable action) {
        if (passwords.isRecentlyConfirmed()) {
            action.run();
        } else {
            new ConfirmAccessDialog(passwords, action).open();
        }
    }
}
