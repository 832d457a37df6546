package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A complete sign-in over HTTP is audited and recorded, whether or not a second factor was owed; the
 * grid's last sign-in follows just after the commit (decision 0051), so it is awaited.
 */
class SignInRecorderTest extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private AccountRepository accounts;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void a_sign_in_with_the_password_only_is_audited_and_becomes_the_last_sign_in() {
        var root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());

        browser.signIn(root.email(), TestAccounts.PASSWORD);

        assertThat(browser.isSignedIn()).isTrue();
        assertThat(auditEvents("SIGN_IN", root.accountId())).isEqualTo(1);
        assertThat(committedSignInAt(root.accountId())).isNotNull();
        awaitLastSignInFollowed(root.accountId());
    }

    @Test
    void signing_in_is_not_a_change_of_the_user_that_a_root_saw_in_the_grid() {
        var user = testAccounts.newSubUser(testAccounts.newOrganization());
        int seen = versionOf(user.accountId());

        new CookieBrowser(baseUrl()).signIn(user.email(), TestAccounts.PASSWORD);

        awaitLastSignInFollowed(user.accountId());
        assertThat(versionOf(user.accountId())).isEqualTo(seen);
    }

    @Test
    void a_sign_in_does_not_wait_for_the_grid_rows_of_its_last_sign_in_which_follow_once_they_are_free() throws Exception {
        var user = testAccounts.newSubUser(testAccounts.newOrganization());
        CookieBrowser browser = new CookieBrowser(baseUrl());
        try (Connection grid = dataSource.getConnection()) {
            grid.setAutoCommit(false);
            // Another transaction holds the suffix rows that a new last sign-in of this sub-user writes (decision 0038).
            try (PreparedStatement lock = grid.prepareStatement(
                    "SELECT COUNT(*) FROM sub_user_local_suffix WHERE organization_id = ? AND account_id = ? FOR UPDATE")) {
                lock.setLong(1, user.organizationId());
                lock.setLong(2, user.accountId());
                lock.executeQuery();
            }
            CompletableFuture<HttpResponse<String>> signingIn =
                    CompletableFuture.supplyAsync(() -> browser.signIn(user.email(), TestAccounts.PASSWORD));
            // Before decision 0051 the sign-in's own transaction waited here (innodb_lock_wait_timeout, 50 s, and again).
            await("the sign-in, while the grid's rows are locked").atMost(Duration.ofSeconds(40)).until(signingIn::isDone);

            assertThat(browser.isSignedIn()).isTrue();
            assertThat(auditEvents("SIGN_IN", user.accountId())).isEqualTo(1);
            assertThat(lastSignInAt(user.accountId())).as("the grid's last sign-in, its rows still locked").isNull();
            grid.commit();
        }
        awaitLastSignInFollowed(user.accountId());
    }

    @Test
    void a_sign_in_whose_session_start_is_refused_leaves_no_signed_in_row_and_no_last_sign_in() throws Exception {
        var root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());
        HttpResponse<String> answer;
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
            answer = signingIn.get(30, TimeUnit.SECONDS);
        }

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).as("where the refused sign-in was sent").endsWith("/login?error"));
        assertThat(browser.isSignedIn()).isFalse();
        assertThat(auditEvents("SESSION_STARTED", root.accountId())).isZero();
        assertThat(auditEvents("SIGN_IN", root.accountId())).isZero();
        assertThat(committedSignInAt(root.accountId())).isNull();
        assertThat(lastSignInAt(root.accountId())).isNull();
    }

    @Test
    void a_credential_change_writes_the_sign_in_row_of_an_account_that_never_signed_in_and_of_one_that_did() {
        var root = testAccounts.newOrganization();
        var neverSignedIn = testAccounts.newSubUser(root);
        new CookieBrowser(baseUrl()).signIn(root.email(), TestAccounts.PASSWORD);
        Timestamp signedIn = committedSignInAt(root.accountId());
        assertThat(signInRowVersion(neverSignedIn.accountId())).as("no row before a sign-in or a change").isNull();

        int changed = transactions.execute(status -> accounts.recordCredentialsChanges(List.of(root.accountId(), neverSignedIn.accountId())));

        // On Galera this write is what a sign-in committing on another node meanwhile conflicts with (decision 0064).
        assertThat(changed).isEqualTo(2);
        assertThat(signInRowVersion(root.accountId())).isEqualTo(credentialsVersionOf(root.accountId()));
        assertThat(signInRowVersion(neverSignedIn.accountId())).isEqualTo(credentialsVersionOf(neverSignedIn.accountId()));
        assertThat(committedSignInAt(root.accountId())).as("the sign-in the change found").isEqualTo(signedIn);
        assertThat(committedSignInAt(neverSignedIn.accountId())).isNull();
    }

    /** The grid's last sign-in becomes the committed one, soon after the sign-in's commit. */
    private void awaitLastSignInFollowed(long accountId) {
        Timestamp committed = committedSignInAt(accountId);
        assertThat(committed).as("the committed sign-in").isNotNull();
        await("the last sign-in following the committed one").atMost(Duration.ofSeconds(30))
                .until(() -> committed.equals(lastSignInAt(accountId)));
    }

    private long auditEvents(String type, long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND target_account_id = ?")
                .params(type, accountId).query(Long.class).single();
    }

    private Timestamp lastSignInAt(long accountId) {
        return jdbc.sql("SELECT last_sign_in_at FROM account WHERE id = ?").param(accountId)
                .query((rs, n) -> rs.getTimestamp(1)).list().get(0);
    }

    /** The account's committed sign-in (its own row, V149); null while it has none. */
    private Timestamp committedSignInAt(long accountId) {
        return jdbc.sql("SELECT committed_sign_in_at FROM account_sign_in WHERE account_id = ?").param(accountId)
                .query((rs, n) -> rs.getTimestamp(1)).optional().orElse(null);
    }

    private Integer signInRowVersion(long accountId) {
        return jdbc.sql("SELECT credentials_version FROM account_sign_in WHERE account_id = ?").param(accountId)
                .query(Integer.class).optional().orElse(null);
    }

    private int credentialsVersionOf(long accountId) {
        return jdbc.sql("SELECT credentials_version FROM account WHERE id = ?").param(accountId).query(Integer.class).single();
    }

    private int versionOf(long accountId) {
        return jdbc.sql("SELECT version FROM account WHERE id = ?").param(accountId).query(Integer.class).single();
    }
}
