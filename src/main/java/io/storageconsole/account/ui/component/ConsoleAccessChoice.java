package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.account.ui.component.AddUserDialog.Access;

/**
 * How a user gets into the console, as "Add User" and "Turn on console access" both ask it: an
 * invitation by email (the default), or a password the root sets, to be changed at the first
 * sign-in unless the root says otherwise. The password and that checkbox show only for a password.
 */
final class ConsoleAccessChoice {

    final RadioButtonGroup<Access> access = new RadioButtonGroup<>("Console access");
    final PasswordField password = PasswordFields.newPassword("Password");
    final Checkbox mustChange = new Checkbox(AddUserDialog.MUST_CHANGE, true);

    ConsoleAccessChoice(Access... choices) {
        access.setItems(choices);
        access.setItemLabelGenerator(Access::label);
        access.setValue(Access.INVITE);
        access.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        access.addValueChangeListener(change -> showPasswordFor(change.getValue()));
        showPasswordFor(Access.INVITE);
    }

    /** What the root chose; an invitation if nothing is chosen. */
    Access chosen() {
        return access.getValue() == null ? Access.INVITE : access.getValue();
    }

    private void showPasswordFor(Access chosen) {
        boolean setsPassword = chosen == Access.PASSWORD;
        password.setVisible(setsPassword);
        mustChange.setVisible(setsPassword);
    }
}
