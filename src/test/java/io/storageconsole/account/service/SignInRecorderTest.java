package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A complete sign-in over HTTP is audited and recorded, whether or not a second factor was owed. */
class SignInRecorderTest extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Test
    void a_sign_in_with_the_password_only_is_audited_and_becomes_the_last_sign_in() {
        var root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());

        browser.signIn(root.email(), TestAccounts.PASSWORD);

        assertThat(browser.isSignedIn()).isTrue();
        assertThat(auditEvents("SIGN_IN", root.accountId())).isEqualTo(1);
        assertThat(lastSignInAt(root.accountId())).isNotNull();
    }

    @Test
    void signing_in_is_not_a_change_of_the_user_that_a_root_saw_in_the_grid() {
        var user = testAccounts.newSubUser(testAccounts.newOrganization());
        int seen = versionOf(user.accountId());

        new CookieBrowser(baseUrl()).signIn(user.email(), TestAccounts.PASSWORD);

        assertThat(lastSignInAt(user.accountId())).isNotNull();
        assertThat(versionOf(user.accountId())).isEqualTo(seen);
    }

    @Test
    void a_sign_in_whose_session_start_is_refused_leaves_no_signed_in_row_and_no_last_sign_in() throws Exception {
        var root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());
        try (Connection passwordChange = dataSource.getConnection()) {
            passwordChange.setAutoCommit(false);
            // A password change elsewhere, not yet committed: the password check reads past it, the session start waits for it.
            try (PreparedStatement change = passwordChange.prepareStatement(
                    "UPDATE account SET credentials_version = credentials_version + 1 WHERE id = ?")) {
                change.setLong(1, root.accountId());
                change.executeUpdate();
            }
            CompletableFuture<HttpResponse<String>> signingIn =
                    CompletableFuture.supplyAsync(() -> browser.signIn(root.email(), TestAccounts.PASSWORD));
            await("the sign-in waiting for the account row").atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")
                            .query(Long.class).single() > 0);
            passwordChange.commit();
            signingIn.get(30, TimeUnit.SECONDS);
        }

        assertThat(browser.isSignedIn()).isFalse();
        assertThat(auditEvents("SESSION_STARTED", root.accountId())).isZero();
        assertThat(auditEvents("SIGN_IN", root.accountId())).isZero();
        assertThat(lastSignInAt(root.accountId())).isNull();
    }

    private long auditEvents(String type, long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND target_account_id = ?")
                .params(type, accountId).query(Long.class).single();
    }

    private Timestamp lastSignInAt(long accountId) {
        return jdbc.sql("SELECT last_sign_in_at FROM account WHERE id = ?").param(accountId)
                .query((rs, n) -> rs.getTimestamp(1)).list().get(0);
    }

    private int versionOf(long accountId) {
        return jdbc.sql("SELECT version FROM account WHERE id = ?").param(accountId).query(Integer.class).single();
    }
}
