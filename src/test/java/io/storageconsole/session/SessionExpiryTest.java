package io.storageconsole.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.organization.service.SessionLifetimeSettings;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.VaadinHttpUi;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Session lifetime through real HTTP requests, with the test clock moved forward. The servlet
 * session of each browser stays alive (it runs on real time), so these also show that it alone
 * never keeps anyone signed in.
 */
class SessionExpiryTest extends IntegrationTest {

    @Autowired
    private SessionLifetimeSettings settings;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_session_idle_thirty_days_less_a_minute_works_and_one_idle_thirty_days_and_a_minute_lands_on_sign_in() {
        SignedInAccount root = testAccounts.newOrganization();
        CookieBrowser browser = signedIn(root);

        clock.advance(Duration.ofDays(30).minusMinutes(1));
        assertThat(browser.isSignedIn()).isTrue();

        clock.advance(Duration.ofDays(30).plusMinutes(1));
        assertThat(browser.isSignedIn()).isFalse();
        assertThat(browser.cookie(CookieBrowser.CONSOLE_SESSION)).isEmpty();
        assertThat(browser.isSignedIn()).isFalse();
        assertThat(expiredEventsAbout(root)).isEqualTo(1);
    }

    @Test
    void an_account_outside_any_organization_gets_the_thirty_days() {
        // Support is the account outside any organization; it always signs in with MFA.
        SignedInAccount support = testAccounts.newSupport();
        String secret = testAccounts.enrolMfa(support, clock.instant()).secret();
        clock.advance(Duration.ofSeconds(30));
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.signIn(support.email(), TestAccounts.PASSWORD);
        VaadinHttpUi secondStep = VaadinHttpUi.open(browser, "mfa");
        secondStep.type(secondStep.field("6-digit code"), TotpCodes.codeAt(secret, clock.instant()));
        secondStep.click(secondStep.button("Verify"));
        assertThat(browser.isSignedIn()).isTrue();

        clock.advance(Duration.ofDays(30).minusMinutes(1));
        assertThat(browser.isSignedIn()).isTrue();
        clock.advance(Duration.ofDays(30).plusMinutes(1));
        assertThat(browser.isSignedIn()).isFalse();
    }

    @Test
    void the_organizations_shorter_inactivity_timeout_applies_to_sessions_already_running() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        CookieBrowser browser = signedIn(user);
        CookieBrowser other = signedIn(user);

        setLifetime(root, Duration.ofMinutes(15), null);

        clock.advance(Duration.ofMinutes(14));
        assertThat(browser.isSignedIn()).isTrue();
        clock.advance(Duration.ofMinutes(16));
        assertThat(browser.isSignedIn()).isFalse();
        assertThat(other.isSignedIn()).isFalse();
    }

    @Test
    void require_login_after_ends_an_active_session_that_many_days_after_sign_in() {
        SignedInAccount root = testAccounts.newOrganization();
        setLifetime(root, Duration.ofDays(30), 1);
        CookieBrowser browser = signedIn(root);

        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertThat(browser.isSignedIn()).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(browser.isSignedIn()).isFalse();
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE event_type = 'SESSION_EXPIRED' AND target_account_id = ?")
                .param(root.accountId()).query(String.class).single()).contains("Require login after");
    }

    @Test
    void activity_is_written_at_most_once_a_minute_not_on_every_request() {
        SignedInAccount root = testAccounts.newOrganization();
        CookieBrowser browser = signedIn(root);
        int versionAfterSignIn = sessionVersion(root);

        for (int request = 0; request < 5; request++) {
            assertThat(browser.isSignedIn()).isTrue();
        }
        assertThat(sessionVersion(root)).isEqualTo(versionAfterSignIn);

        clock.advance(Duration.ofSeconds(61));
        assertThat(browser.isSignedIn()).isTrue();
        assertThat(browser.isSignedIn()).isTrue();
        assertThat(sessionVersion(root)).isEqualTo(versionAfterSignIn + 1);
    }

    private CookieBrowser signedIn(SignedInAccount account) {
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.signIn(account.email(), TestAccounts.PASSWORD);
        assertThat(browser.cookie(CookieBrowser.CONSOLE_SESSION)).isPresent();
        assertThat(browser.isSignedIn()).isTrue();
        return browser;
    }

    private void setLifetime(SignedInAccount root, Duration inactivity, Integer requireLoginAfterDays) {
        TestAccounts.signIn(root);
        settings.change(inactivity, requireLoginAfterDays != null, requireLoginAfterDays);
        SecurityContextHolder.clearContext();
    }

    private long expiredEventsAbout(SignedInAccount account) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'SESSION_EXPIRED' AND target_account_id = ?")
                .param(account.accountId()).query(Long.class).single();
    }

    private int sessionVersion(SignedInAccount account) {
        return jdbc.sql("SELECT version FROM console_session WHERE account_id = ?")
                .param(account.accountId()).query(Integer.class).single();
    }
}
