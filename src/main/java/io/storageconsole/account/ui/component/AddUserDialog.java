package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.account.service.PasswordPolicy;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;
import java.util.function.Consumer;

/** "Add User": an email, and a password only for users who should sign in to the console. */
public class AddUserDialog extends Dialog {

    public static final String PASSWORD_HELP = "Optional. With a password the user may sign in to the console; "
            + "without one, they use API keys only. " + PasswordPolicy.DESCRIPTION;

    public AddUserDialog(SubUserAdministration administration, long organizationId, Consumer<AccountRef> added) {
        setHeaderTitle("Add User");
        TextField email = new TextField("Email");
        email.setRequiredIndicatorVisible(true);
        PasswordField password = new PasswordField("Password");
        password.setHelperText(PASSWORD_HELP);
        // The root types someone else's address and a password for them, not their own.
        email.setAutocomplete(Autocomplete.OFF);
        password.setAutocomplete(Autocomplete.NEW_PASSWORD);
        FormErrors errors = new FormErrors().field("email", email).field("password", password);

        Button add = new Button("Add", click -> {
            try {
                AccountRef user = administration.addSubUser(organizationId, email.getValue(), password.getValue());
                close();
                added.accept(user);
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());

        FormLayout form = new FormLayout(email, password);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        form.setMaxWidth("26rem");
        add(form);
        getFooter().add(cancel, add);
    }
}
