package io.storageconsole.account.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.PasswordResets;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.SessionRows;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** "Forgot password?" from the request to the new password, through the mail's link. */
class PasswordResetTest extends KaribuTest {

    private static final String NEW_PASSWORD = "Brand-New-Passw0rd!";
    private static final Pattern LINK = Pattern.compile("/reset-password/([A-Za-z0-9_-]{43})");

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private PasswordEncoder passwordEncoder;

    @Test
    void an_unknown_address_gets_the_same_answer_and_no_mail() {
        SignedInAccount root = testAccounts.newOrganization();
        String unknown = TestAccounts.uniqueEmail("nobody");

        assertThat(request(unknown)).isEqualTo(PasswordResets.SENT);
        assertThat(request(root.email())).isEqualTo(PasswordResets.SENT);

        // Link mails go out one at a time in order: the known address's came after any for the unknown one.
        assertThat(awaitMailTo(root.email(), 1)).hasSize(1);
        assertThat(awaitMailTo(unknown, 0)).isEmpty();
    }

    @Test
    void the_link_sets_a_new_password_once_ends_every_session_and_leaves_mfa_on() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        SessionRows sessions = new SessionRows(jdbc);
        long session = sessions.open(root, SessionRows.CHROME_ON_WINDOWS, "198.51.100.7", clock.instant(), clock.instant());

        request(root.email());
        String token = tokenIn(linkMailTo(root.email()));
        assertThat(jdbc.sql("SELECT token_hash FROM account_link WHERE account_id = ?").param(root.accountId())
                .query(String.class).single()).as("stored as a hash only").isNotEqualTo(token).hasSize(64);

        UI.getCurrent().navigate("reset-password/" + token);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("New password")), NEW_PASSWORD);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")), NEW_PASSWORD);
        _click(_get(Button.class, spec -> spec.withText(ResetPasswordView.SET)));

        assertThat(passwordEncoder.matches(NEW_PASSWORD, passwordHashOf(root))).isTrue();
        assertThat(sessions.endReasonOf(session)).isNotNull();
        assertThat(testAccounts.mfaStateOf(root.accountId())).as("the next sign-in still asks for the code")
                .isEqualTo(MfaState.ACTIVE);

        // Used once: the same link is refused and sets nothing.
        UI.getCurrent().navigate("reset-password/" + token);
        assertThat(_get(Paragraph.class, spec -> spec.withId("reset-password-refused")).getText())
                .isEqualTo(PasswordResets.LINK_UNUSABLE);
        _assertNone(PasswordField.class);
    }

    @Test
    void a_link_older_than_thirty_minutes_is_refused() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        request(root.email());
        String token = tokenIn(linkMailTo(root.email()));

        clock.advance(PasswordResets.VALID_FOR.plusSeconds(1));
        UI.getCurrent().navigate("reset-password/" + token);

        assertThat(_get(Paragraph.class, spec -> spec.withId("reset-password-refused")).getText())
                .isEqualTo(PasswordResets.LINK_UNUSABLE);
        assertThat(passwordEncoder.matches(TestAccounts.PASSWORD, passwordHashOf(root))).isTrue();
    }

    @Test
    void a_weak_new_password_is_refused_on_its_field_and_the_link_still_works() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        request(root.email());
        String token = tokenIn(linkMailTo(root.email()));

        UI.getCurrent().navigate("reset-password/" + token);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("New password")), "weak");
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")), "weak");
        _click(_get(Button.class, spec -> spec.withText(ResetPasswordView.SET)));

        assertThat(_get(PasswordField.class, spec -> spec.withLabel("New password")).isInvalid()).isTrue();
        assertThat(passwordEncoder.matches(TestAccounts.PASSWORD, passwordHashOf(root))).isTrue();
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("New password")), NEW_PASSWORD);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")), NEW_PASSWORD);
        _click(_get(Button.class, spec -> spec.withText(ResetPasswordView.SET)));
        assertThat(passwordEncoder.matches(NEW_PASSWORD, passwordHashOf(root))).isTrue();
    }

    @Test
    void requests_for_one_address_are_limited_the_same_whether_or_not_it_exists() {
        String unknown = TestAccounts.uniqueEmail("nobody");
        SignedInAccount root = testAccounts.newOrganization();
        for (int i = 0; i < 3; i++) {
            assertThat(request(unknown)).isEqualTo(PasswordResets.SENT);
        }
        String refusedUnknown = request(unknown);
        assertThat(refusedUnknown).startsWith("Too many requests");

        for (int i = 0; i < 3; i++) {
            request(root.email());
        }
        assertThat(request(root.email())).isEqualTo(refusedUnknown);
    }

    private String request(String email) {
        UI.getCurrent().navigate(ForgotPasswordView.class);
        _setValue(_get(EmailField.class, spec -> spec.withLabel("Email")), email);
        _click(_get(Button.class, spec -> spec.withText(ForgotPasswordView.SEND)));
        return _get(Paragraph.class, spec -> spec.withId("forgot-password-answer")).getText();
    }

    private String passwordHashOf(SignedInAccount account) {
        return jdbc.sql("SELECT password_hash FROM account WHERE id = ?").param(account.accountId()).query(String.class).single();
    }

    /** The link mail among the account's mails (MFA notices may come first). */
    private static MimeMessage linkMailTo(String email) throws Exception {
        for (int count = 1; count <= 6; count++) {
            for (MimeMessage mail : awaitMailTo(email, count)) {
                if (mail.getSubject().startsWith("Set a new password")) {
                    return mail;
                }
            }
        }
        throw new AssertionError("No link mail to " + email);
    }

    private static String tokenIn(MimeMessage mail) throws Exception {
        Matcher link = LINK.matcher((String) mail.getContent());
        assertThat(link.find()).as("a reset link in the mail").isTrue();
        return link.group(1);
    }
}
