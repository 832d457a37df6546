package io.storageconsole.organization.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.account.service.AccountRegistration;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.account.service.PasswordPolicy;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignUpViewTest extends KaribuTest {

    private static final String GOOD_PASSWORD = "Good-Passw0rd!";
    private static final String LONG = "a".repeat(10_000);

    @BeforeEach
    void openSignUp() {
        UI.getCurrent().navigate(SignUpView.class);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("empty organization", "", "ok@test.example.com", GOOD_PASSWORD, "Organization name", "Enter the name of your organization."),
                Arguments.of("10,000-character organization", LONG, "ok@test.example.com", GOOD_PASSWORD, "Organization name", "at most 100 characters"),
                Arguments.of("SQL in organization", "x'; DROP TABLE account; --", "ok@test.example.com", GOOD_PASSWORD, "Organization name", "Use letters, digits"),
                Arguments.of("empty email", "Acme", "", GOOD_PASSWORD, "Email", "Enter an email address."),
                Arguments.of("10,000-character email", "Acme", LONG + "@test.example.com", GOOD_PASSWORD, "Email", "at most 254 characters"),
                Arguments.of("non-Latin email", "Acme", "пользователь@пример.рф", GOOD_PASSWORD, "Email", "Enter a valid email address"),
                Arguments.of("SQL in email", "Acme", "' OR '1'='1", GOOD_PASSWORD, "Email", "Enter a valid email address"),
                Arguments.of("empty password", "Acme", "ok@test.example.com", "", "Password", "Enter a password."),
                Arguments.of("weak password", "Acme", "ok@test.example.com", "password", "Password", PasswordPolicy.DESCRIPTION),
                Arguments.of("10,000-character password", "Acme", "ok@test.example.com", "Aa1!" + LONG, "Password", PasswordPolicy.DESCRIPTION),
                Arguments.of("non-Latin password", "Acme", "ok@test.example.com", "пароль-пароль", "Password", PasswordPolicy.DESCRIPTION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void bad_input_gets_a_message_on_its_field_and_stores_nothing(String caseName, String organization, String email,
                                                                  String password, String field, String message) {
        long organizationsBefore = testAccounts.count("organization");
        long accountsBefore = testAccounts.count("account");

        fillAndSubmit(organization, email, password, password);

        var invalid = field.equals("Password") ? _get(PasswordField.class, spec -> spec.withLabel(field))
                : _get(TextField.class, spec -> spec.withLabel(field));
        assertThat(invalid.isInvalid()).isTrue();
        assertThat(invalid.getErrorMessage()).contains(message);
        assertThat(testAccounts.count("organization")).isEqualTo(organizationsBefore);
        assertThat(testAccounts.count("account")).isEqualTo(accountsBefore);
    }

    @Test
    void an_email_already_taken_is_refused_and_nothing_is_stored() {
        String taken = testAccounts.newOrganization().email();
        long organizationsBefore = testAccounts.count("organization");

        fillAndSubmit("Copycat Ltd", taken.toUpperCase(), GOOD_PASSWORD, GOOD_PASSWORD);

        TextField email = _get(TextField.class, spec -> spec.withLabel("Email"));
        assertThat(email.getErrorMessage()).isEqualTo(AccountRegistration.EMAIL_TAKEN);
        assertThat(testAccounts.count("organization")).isEqualTo(organizationsBefore);
    }

    @Test
    void a_confirmation_that_differs_is_refused() {
        fillAndSubmit("Acme", TestAccounts.uniqueEmail("differ"), GOOD_PASSWORD, GOOD_PASSWORD + "x");

        PasswordField confirmation = _get(PasswordField.class, spec -> spec.withLabel("Confirm password"));
        assertThat(confirmation.getErrorMessage()).isEqualTo("The password and its confirmation differ.");
    }

    @Test
    void a_non_latin_organization_name_is_stored_as_typed() {
        String email = TestAccounts.uniqueEmail("kanji");

        fillAndSubmit("  株式会社 ストレージ  ", email, GOOD_PASSWORD, GOOD_PASSWORD);

        String stored = testAccounts.organizationNameOf(email);
        assertThat(stored).isEqualTo("株式会社 ストレージ");
    }

    private static void fillAndSubmit(String organization, String email, String password, String confirmation) {
        _setValue(_get(TextField.class, spec -> spec.withLabel("Organization name")), organization);
        _setValue(_get(TextField.class, spec -> spec.withLabel("Email")), email);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), password);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm password")), confirmation);
        _click(_get(Button.class, spec -> spec.withText("Create organization")));
    }
}
