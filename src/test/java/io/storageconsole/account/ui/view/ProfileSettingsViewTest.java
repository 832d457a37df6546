package io.storageconsole.account.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ProfileSettingsViewTest extends KaribuTest {

    private static final String LONG = "A1!a".repeat(2_500);

    @Autowired
    private JdbcClient jdbc;

    private SignedInAccount root;

    @BeforeEach
    void signInAndOpen() {
        root = testAccounts.newOrganization();
        signIn(root);
        UI.getCurrent().navigate(ProfileSettingsView.class);
    }

    @Test
    void the_page_is_titled_profile_settings_and_shows_the_email() {
        assertThat(_get(H1.class).getText()).isEqualTo("Profile Settings");
        assertThat(_get(ProfileSettingsView.class).getElement().getTextRecursively()).contains(root.email());
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("empty current password", "", "New-Passw0rd!", "Current password", "Enter your current password."),
                Arguments.of("empty new password", TestAccounts.PASSWORD, "", "New password", "Enter a new password."),
                Arguments.of("wrong current password", "Wrong-Passw0rd!", "New-Passw0rd!", "Current password", AccountService.CHANGE_PASSWORD_FAILED),
                Arguments.of("10,000-character current password", LONG, "New-Passw0rd!", "Current password", AccountService.CHANGE_PASSWORD_FAILED),
                Arguments.of("weak new password", TestAccounts.PASSWORD, "weakweak", "New password", AccountService.CHANGE_PASSWORD_FAILED),
                Arguments.of("10,000-character new password", TestAccounts.PASSWORD, LONG, "New password", AccountService.CHANGE_PASSWORD_FAILED),
                Arguments.of("non-Latin new password", TestAccounts.PASSWORD, "Пароль-пароль", "New password", AccountService.CHANGE_PASSWORD_FAILED),
                Arguments.of("SQL-like current password", "' OR '1'='1' --", "New-Passw0rd!", "Current password", AccountService.CHANGE_PASSWORD_FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void bad_input_gets_a_message_and_the_password_stays(String caseName, String current, String newPassword,
                                                          String field, String message) {
        String hashBefore = passwordHash();

        change(current, newPassword, newPassword);

        PasswordField invalid = _get(PasswordField.class, spec -> spec.withLabel(field));
        assertThat(invalid.isInvalid()).isTrue();
        assertThat(invalid.getErrorMessage()).isEqualTo(message);
        assertThat(passwordHash()).isEqualTo(hashBefore);
    }

    @Test
    void a_confirmation_that_differs_is_refused() {
        String hashBefore = passwordHash();

        change(TestAccounts.PASSWORD, "New-Passw0rd!", "New-Passw0rd?");

        assertThat(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")).getErrorMessage())
                .isEqualTo("The new password and its confirmation differ.");
        assertThat(passwordHash()).isEqualTo(hashBefore);
    }

    @Test
    void a_good_change_is_confirmed_clears_the_form_and_is_audited_and_mailed() {
        String hashBefore = passwordHash();

        change(TestAccounts.PASSWORD, "New-Passw0rd!", "New-Passw0rd!");

        NotificationsKt.expectNotifications(ProfileSettingsView.PASSWORD_CHANGED);
        assertThat(passwordHash()).isNotEqualTo(hashBefore).startsWith("{argon2");
        assertThat(_get(PasswordField.class, spec -> spec.withLabel("Current password")).getValue()).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'PASSWORD_CHANGED' AND target_account_id = ?")
                .param(root.accountId()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?")
                .param(root.email()).query(Long.class).single()).isEqualTo(1);
    }

    private static void change(String current, String newPassword, String confirmation) {
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Current password")), current);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("New password")), newPassword);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")), confirmation);
        _click(_get(Button.class, spec -> spec.withText("Change password")));
    }

    private String passwordHash() {
        return jdbc.sql("SELECT password_hash FROM account WHERE id = ?").param(root.accountId())
                .query(String.class).single();
    }
}
