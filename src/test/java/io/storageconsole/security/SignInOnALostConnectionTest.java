package io.storageconsole.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sign-in whose database connection dies under it, as every connection to a Galera node does
 * when the node is killed: the read of the account, made outside any transaction, is made again
 * on another connection and the sign-in goes through (decision 0036). Before, the exception left
 * the request, which Spring forwarded to /error, not open, and so landed on plain /login.
 */
class SignInOnALostConnectionTest extends IntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_sign_in_whose_connection_is_killed_while_it_reads_the_account_reads_again_and_signs_in() throws Exception {
        var root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());

        HttpResponse<String> answer = signInKillingTheAccountRead(browser, root.email(), 1);

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).as("where the sign-in was sent").doesNotContain("/login").doesNotContain("/error"));
        assertThat(browser.isSignedIn()).isTrue();
    }

    @Test
    void a_sign_in_whose_connection_is_killed_on_every_run_is_answered_busy_not_sent_to_the_plain_sign_in_page() throws Exception {
        var root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());

        HttpResponse<String> answer = signInKillingTheAccountRead(browser, root.email(), ConflictRetry.RUNS);

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).as("where the sign-in was sent").endsWith("/login?busy"));
        assertThat(browser.isSignedIn()).isFalse();
    }

    @Test
    void a_sign_in_whose_session_start_loses_its_connection_on_every_run_is_answered_busy_and_stores_nothing() throws Exception {
        var root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());
        Map<String, String> token = browser.csrfTokenOfSignInPage();
        HttpResponse<String> answer;
        int kills = 0;
        try (Connection locker = dataSource.getConnection()) {
            // The sessions' table locked, so each run of the session start waits where this test can find it.
            execute(locker, "LOCK TABLES console_session WRITE");
            try {
                CompletableFuture<HttpResponse<String>> signingIn =
                        CompletableFuture.supplyAsync(() -> browser.signIn(root.email(), TestAccounts.PASSWORD, token));
                Set<Long> killed = new HashSet<>();
                while (!signingIn.isDone()) {
                    List<Long> starting = await("a run of the session start, or the answer").atMost(Duration.ofSeconds(30))
                            .until(() -> signingIn.isDone() ? List.<Long>of() : connectionsWaitingFor("console_session").stream()
                                    .filter(id -> !killed.contains(id)).toList(), found -> signingIn.isDone() || !found.isEmpty());
                    for (long id : starting) {
                        jdbc.sql("KILL CONNECTION " + id).update();
                        killed.add(id);
                    }
                    assertThat(killed).as("runs of the session start killed").hasSizeLessThanOrEqualTo(ConflictRetry.RUNS);
                }
                kills = killed.size();
                answer = signingIn.get(30, TimeUnit.SECONDS);
            } finally {
                execute(locker, "UNLOCK TABLES");
            }
        }

        assertThat(kills).as("runs of the session start killed").isPositive();
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).as("where the sign-in was sent").endsWith("/login?busy"));
        assertThat(browser.isSignedIn()).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?").param(root.accountId()).query(Long.class).single())
                .as("sessions of the account").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'SIGN_IN' AND target_account_id = ?")
                .param(root.accountId()).query(Long.class).single()).as("\"Signed in\" records").isZero();
    }

    /** Signs in, killing the connection of the first {@code kills} runs of its read of the account, and returns the answer. */
    private HttpResponse<String> signInKillingTheAccountRead(CookieBrowser browser, String email, int kills) throws Exception {
        Map<String, String> token = browser.csrfTokenOfSignInPage();
        try (Connection locker = dataSource.getConnection()) {
            // The account table locked, so each run of the sign-in's read of the account waits where this test can find it.
            execute(locker, "LOCK TABLES account WRITE");
            try {
                CompletableFuture<HttpResponse<String>> signingIn =
                        CompletableFuture.supplyAsync(() -> browser.signIn(email, TestAccounts.PASSWORD, token));
                Set<Long> killed = new HashSet<>();
                for (int run = 1; run <= kills; run++) {
                    List<Long> reading = await("run " + run + " of the account read").atMost(Duration.ofSeconds(30))
                            .until(() -> connectionsReading(email).stream().filter(id -> !killed.contains(id)).toList(),
                                    found -> !found.isEmpty());
                    jdbc.sql("KILL CONNECTION " + reading.get(0)).update();
                    killed.add(reading.get(0));
                }
                execute(locker, "UNLOCK TABLES");
                return signingIn.get(30, TimeUnit.SECONDS);
            } finally {
                execute(locker, "UNLOCK TABLES");
            }
        }
    }

    /** The connections whose statement, with this email in it, waits for the locked table. */
    private List<Long> connectionsReading(String email) {
        return jdbc.sql("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND STATE LIKE 'Waiting for table%'")
                .param("%" + email + "%").query(Long.class).list();
    }

    /** The connections whose statement on this table waits for it to be unlocked. */
    private List<Long> connectionsWaitingFor(String table) {
        return jdbc.sql("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND STATE LIKE 'Waiting for table%'")
                .param("%" + table + "%").query(Long.class).list();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
