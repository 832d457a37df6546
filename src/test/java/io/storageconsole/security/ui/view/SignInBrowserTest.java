package io.storageconsole.security.ui.view;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class SignInBrowserTest extends BrowserTest {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void five_failures_block_the_address_and_the_right_password_is_then_refused_with_one_mail_to_the_owner() {
        SignedInAccount owner = testAccounts.newOrganization();

        for (int attempt = 1; attempt <= 5; attempt++) {
            signIn(page, owner.email(), "Wrong-Passw0rd-" + attempt);
            page.waitForURL(url -> url.contains("/login?"));
        }
        signIn(page, owner.email(), TestAccounts.PASSWORD);

        page.waitForURL(url -> url.contains("/login?blocked="));
        assertThat(page.locator("vaadin-login-form")).containsText(LoginView.BLOCKED_TITLE);
        assertThat(page.locator("vaadin-login-form")).containsText("Try again in 15 minutes.");
        assertThat(page.locator("#user-menu")).hasCount(0);

        List<MimeMessage> toOwner = awaitMailTo(owner.email(), 1);
        assertThat(toOwner).hasSize(1);
        assertThat(subjectOf(toOwner.get(0))).isEqualTo("Sign-in to your account was blocked");
        // Nothing else is waiting to be sent to the owner: the block produced exactly one notice.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?").param(owner.email())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'SIGN_IN_FAILED' AND target_account_id = ?")
                .param(owner.accountId()).query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void the_block_ends_after_its_time_and_the_right_password_then_signs_in() {
        SignedInAccount owner = testAccounts.newOrganization();
        for (int attempt = 1; attempt <= 5; attempt++) {
            signIn(page, owner.email(), "Wrong-Passw0rd-" + attempt);
            page.waitForURL(url -> url.contains("/login?"));
        }

        clock.advance(java.time.Duration.ofMinutes(16));
        signIn(page, owner.email(), TestAccounts.PASSWORD);

        page.waitForURL(url -> !url.contains("/login"));
        assertThat(page.locator("#user-menu")).containsText(owner.email());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000-characters", "non-latin", "sql", "unknown"})
    void bad_sign_in_input_gets_the_form_message_and_creates_nothing(String kind) {
        long accountsBefore = testAccounts.count("account");
        String email = switch (kind) {
            case "10000-characters" -> "x".repeat(10_000) + "@test.example.com";
            case "non-latin" -> "用户@例子.中国";
            case "sql" -> "' OR 1=1; --";
            default -> TestAccounts.uniqueEmail("nobody");
        };
        String password = kind.equals("10000-characters") ? "p".repeat(10_000) : "' OR ''='";

        signIn(page, email, password);

        page.waitForURL(url -> url.contains("/login?error"));
        assertThat(page.locator("vaadin-login-form")).containsText(LoginView.WRONG_CREDENTIALS_TITLE);
        assertThat(page.content()).doesNotContain("Exception");
        assertThat(testAccounts.count("account")).isEqualTo(accountsBefore);
    }

    @Test
    void empty_fields_are_not_submitted_and_are_marked_required() {
        page.navigate("/login");
        page.locator("vaadin-login-form").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Sign in").setExact(true)).click();

        assertThat(page.locator("vaadin-login-form vaadin-text-field[name='username'][invalid]")).hasCount(1);
        assertThat(page.url()).doesNotContain("error");
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
