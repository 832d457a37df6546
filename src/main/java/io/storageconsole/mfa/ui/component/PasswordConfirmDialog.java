package io.storageconsole.mfa.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.mfa.service.CodeLockedException;

/** Asks for the password (and, where needed, a current code) before a sensitive MFA change. */
public class PasswordConfirmDialog extends Dialog {

    /** The change itself; it may refuse with field messages, which the dialog shows. */
    @FunctionalInterface
    public interface Action {
        void run(String password, String code);
    }

    public PasswordConfirmDialog(String title, String explanation, String confirmText, boolean askForCode,
                                 Action action, Runnable onDone) {
        setHeaderTitle(title);
        PasswordField password = new PasswordField("Password");
        TextField code = new TextField("Code from your authenticator app");
        code.getElement().setAttribute("autocomplete", "one-time-code");
        code.getElement().setAttribute("inputmode", "numeric");
        password.setAutocomplete(Autocomplete.CURRENT_PASSWORD);
        code.setVisible(askForCode);
        FormErrors errors = new FormErrors().field("password", password).field("code", code);

        Button confirm = new Button(confirmText, click -> {
            try {
                action.run(password.getValue(), code.getValue());
                close();
                onDone.run();
            } catch (InvalidInputException e) {
                errors.show(e);
            } catch (CodeLockedException e) {
                code.setErrorMessage(e.getMessage());
                code.setInvalid(true);
            } catch (ActionRefusedException e) {
                close();
                Notices.error(e.getMessage());
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());

        VerticalLayout body = new VerticalLayout(new Paragraph(explanation), password, code);
        body.setPadding(false);
        add(body);
        getFooter().add(cancel, confirm);
    }
}
