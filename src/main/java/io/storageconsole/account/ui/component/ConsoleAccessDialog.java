package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import io.storageconsole.account.ui.component.AddUserDialog.Access;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;

/**
 * Turns console access on for a sub-user of API keys only. As "Add User": by default an invitation
 * by email, so the user chooses their own password; or the root sets one (the old one was removed
 * when access was turned off), to be changed at the first sign-in unless the root says otherwise.
 */
public class ConsoleAccessDialog extends Dialog {

    public static final String TURN_ON = "Turn on";

    /** The change the dialog makes with a password the root set; it may throw {@link InvalidInputException}. */
    @FunctionalInterface
    public interface SetPassword {
        void with(String password, boolean mustChange);
    }

    /** @param invite sends the invitation; @param setPassword gives access with the root's password instead */
    public ConsoleAccessDialog(String email, Runnable invite, SetPassword setPassword) {
        setHeaderTitle("Turn on console access");
        ConsoleAccessChoice choice = new ConsoleAccessChoice(Access.INVITE, Access.PASSWORD);
        choice.password.setWidthFull();
        FormErrors errors = new FormErrors().field("password", choice.password);
        Paragraph invited = new Paragraph(email + " gets an email with a link to choose their own password.");
        Paragraph handed = new Paragraph(email + " will sign in to the console with this password. "
                + "Give it to them over a safe channel.");
        handed.setVisible(false);
        choice.access.addValueChangeListener(change -> {
            invited.setVisible(choice.chosen() == Access.INVITE);
            handed.setVisible(choice.chosen() == Access.PASSWORD);
        });

        Button confirm = new Button(TURN_ON, click -> {
            try {
                if (choice.chosen() == Access.INVITE) {
                    invite.run();
                } else {
                    setPassword.with(choice.password.getValue(), choice.mustChange.getValue());
                }
                close();
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());

        FormLayout form = new FormLayout(choice.access, invited, handed, choice.password, choice.mustChange);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);
        setMaxWidth("30rem");
        getFooter().add(cancel, confirm);
    }
}
