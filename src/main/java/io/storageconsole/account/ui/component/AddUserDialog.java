package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;
import java.util.function.BiConsumer;

/**
 * "Add User": an email, and how the user gets into the console. By default an invitation by email,
 * so the user chooses their own password; the root may still set one, to be changed at the first
 * sign-in; or none, for a user of API keys only.
 */
public class AddUserDialog extends Dialog {

    /** How the new user gets into the console; the labels are what the root reads. */
    public enum Access {
        INVITE("Invite by email: they choose their own password"),
        PASSWORD("Set a password for them"),
        API_KEYS_ONLY("No console access: API keys only");

        private final String label;

        Access(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final String MUST_CHANGE = "Must change at first sign-in";

    /** @param added told the new user and how they were given access, once the dialog closed */
    public AddUserDialog(SubUserAdministration administration, long organizationId, BiConsumer<AccountRef, Access> added) {
        setHeaderTitle("Add User");
        TextField email = new TextField("Email");
        email.setRequiredIndicatorVisible(true);
        // The root types someone else's address and a password for them, not their own.
        email.setAutocomplete(Autocomplete.OFF);
        ConsoleAccessChoice choice = new ConsoleAccessChoice(Access.values());
        FormErrors errors = new FormErrors().field("email", email).field("password", choice.password);

        Button add = new Button("Add", click -> {
            try {
                Access chosen = choice.chosen();
                AccountRef user = switch (chosen) {
                    case INVITE -> administration.inviteSubUser(organizationId, email.getValue());
                    case PASSWORD -> administration.addSubUserWithPassword(organizationId, email.getValue(),
                            choice.password.getValue(), choice.mustChange.getValue());
                    case API_KEYS_ONLY -> administration.addSubUser(organizationId, email.getValue(), null);
                };
                close();
                added.accept(user, chosen);
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());

        FormLayout form = new FormLayout(email, choice.access, choice.password, choice.mustChange);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        form.setMaxWidth("26rem");
        add(form);
        getFooter().add(cancel, add);
    }
}
