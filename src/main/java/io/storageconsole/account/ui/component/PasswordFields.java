package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.account.service.PasswordPolicy;

/** Fields for choosing a password, the same on every form: the policy under it, the browser told it is new. */
public final class PasswordFields {

    private PasswordFields() {
    }

    /** A field for a new password, with the policy as its helper text. */
    public static PasswordField newPassword(String label) {
        PasswordField field = repeated(label);
        field.setHelperText(PasswordPolicy.DESCRIPTION);
        return field;
    }

    /** A field that repeats the new password. */
    public static PasswordField repeated(String label) {
        PasswordField field = new PasswordField(label);
        field.setAutocomplete(Autocomplete.NEW_PASSWORD);
        return field;
    }
}
