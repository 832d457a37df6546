package io.storageconsole.base.ui.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.base.service.InvalidInputException;
import org.junit.jupiter.api.Test;

class FormErrorsTest {

    private static final String POLICY = "Use 8 to 128 characters with a lower-case letter, an upper-case letter, a digit and a special character.";

    @Test
    void an_error_that_repeats_the_helper_text_is_shown_once_and_the_helper_comes_back_with_another_error() {
        PasswordField password = new PasswordField("New password");
        password.setHelperText(POLICY);
        FormErrors errors = new FormErrors().field("newPassword", password);

        errors.show(InvalidInputException.of("newPassword", POLICY));

        assertThat(password.getErrorMessage()).isEqualTo(POLICY);
        assertThat(password.isInvalid()).isTrue();
        assertThat(password.getHelperText()).as("the policy once, as the error").isNull();

        errors.show(InvalidInputException.of("newPassword", "Enter a password."));

        assertThat(password.getErrorMessage()).isEqualTo("Enter a password.");
        assertThat(password.getHelperText()).isEqualTo(POLICY);

        errors.clear();

        assertThat(password.isInvalid()).isFalse();
        assertThat(password.getHelperText()).isEqualTo(POLICY);
    }
}
