package io.storageconsole.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.service.MySessions;
import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The console session cookie as a browser sees it, through real HTTP requests. */
class ConsoleSessionCookieTest extends IntegrationTest {

    @Autowired
    private MySessions sessions;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void sign_in_sets_an_http_only_same_site_cookie_that_lives_as_long_as_the_longest_inactivity() {
        SignedInAccount root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());

        HttpResponse<String> response = browser.signIn(root.email(), TestAccounts.PASSWORD);

        List<String> cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(CookieBrowser.CONSOLE_SESSION + "=")).toList();
        assertThat(cookie).hasSize(1);
        assertThat(cookie.get(0)).contains("; Path=/", "; Max-Age=" + Duration.ofDays(90).toSeconds(), "; HttpOnly",
                "; SameSite=Lax").doesNotContain("Secure");
        assertThat(response.statusCode()).isEqualTo(302);
    }

    @Test
    void a_servlet_session_without_the_cookie_still_follows_its_console_session() {
        SignedInAccount root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.signIn(root.email(), TestAccounts.PASSWORD);
        long sessionId = onlySessionOf(root);
        browser.dropCookie(CookieBrowser.CONSOLE_SESSION);
        assertThat(browser.isSignedIn()).isTrue();

        TestAccounts.signIn(root);
        sessions.endMine(sessionId);

        assertThat(browser.isSignedIn()).isFalse();
    }

    @Test
    void a_heartbeat_does_not_count_as_activity_but_a_page_does() {
        SignedInAccount root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.signIn(root.email(), TestAccounts.PASSWORD);
        int versionAfterSignIn = sessionVersion(root);

        clock.advance(Duration.ofMinutes(5));
        browser.get("/?v-r=heartbeat&v-uiId=0");
        assertThat(sessionVersion(root)).isEqualTo(versionAfterSignIn);

        assertThat(browser.isSignedIn()).isTrue();
        assertThat(sessionVersion(root)).isEqualTo(versionAfterSignIn + 1);
    }

    @Test
    void a_cookie_the_server_cannot_even_parse_signs_nobody_in() {
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.setCookie(CookieBrowser.CONSOLE_SESSION, "' OR 1=1 --");

        assertThat(browser.isSignedIn()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00%0d%0a", "very-long"})
    void a_forged_or_garbled_cookie_signs_nobody_in_and_is_removed(String value) {
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.setCookie(CookieBrowser.CONSOLE_SESSION, value.equals("very-long") ? "A".repeat(4000) : value);

        assertThat(browser.isSignedIn()).isFalse();
        assertThat(browser.cookie(CookieBrowser.CONSOLE_SESSION)).isEmpty();
    }

    private long onlySessionOf(SignedInAccount account) {
        return jdbc.sql("SELECT id FROM console_session WHERE account_id = ?").param(account.accountId())
                .query(Long.class).single();
    }

    private int sessionVersion(SignedInAccount account) {
        return jdbc.sql("SELECT version FROM console_session WHERE account_id = ?")
                .param(account.accountId()).query(Integer.class).single();
    }
}
