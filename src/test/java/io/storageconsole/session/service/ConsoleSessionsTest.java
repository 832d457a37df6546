package io.storageconsole.session.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.organization.service.SessionLifetimeSettings;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SessionRevocation;
import io.storageconsole.security.service.SignInNoLongerValidException;
import io.storageconsole.security.service.SignInSessions;
import io.storageconsole.session.SessionRows;
import io.storageconsole.session.domain.SessionStarts;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

class ConsoleSessionsTest extends IntegrationTest {

    private static final RequestOrigin BROWSER = new RequestOrigin("203.0.113.7", SessionRows.CHROME_ON_WINDOWS);

    @Autowired
    private SessionRequests requests;

    @Autowired
    private MySessions sessions;

    @Autowired
    private SubUserSessions subUserSessions;

    @Autowired
    private SessionLifetimeSettings lifetimes;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private SessionRevocation revocation;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private SessionStarts starts;

    private SessionRows rows;

    @BeforeEach
    void rows() {
        rows = new SessionRows(jdbc);
    }

    @AfterEach
    void leaveBrowser() {
        SessionRows.leaveBrowser();
    }

    @Test
    void only_a_hash_of_the_token_is_stored_and_the_token_resumes_the_session() {
        SignedInAccount root = testAccounts.newOrganization();

        SignInSessions.Started started = requests.start(root, BROWSER, null);

        assertThat(started.token()).matches("[A-Za-z0-9_-]{43}");
        String stored = jdbc.sql("SELECT token_hash FROM console_session WHERE id = ?").param(started.id())
                .query(String.class).single();
        assertThat(stored).hasSize(64).isNotEqualTo(started.token()).doesNotContain(started.token());
        assertThat(requests.resume(started.token(), true)).hasValueSatisfying(resumed -> {
            assertThat(resumed.account().accountId()).isEqualTo(root.accountId());
            assertThat(resumed.account().isComplete()).isTrue();
        });
        assertThat(requests.resume(started.token().substring(1) + "A", true)).isEmpty();
        assertThat(requests.resume("' OR 1=1 --", true)).isEmpty();
        assertThat(rows.auditEvents("SESSION_STARTED", root.accountId())).isEqualTo(1);
    }

    @Test
    void a_session_does_not_start_for_a_sign_in_whose_credentials_changed_after_its_password_was_checked() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount checked = testAccounts.atStage(root, SignInStage.COMPLETE);
        transactions.executeWithoutResult(status -> revocation.endAllSignIns(root.accountId(), root, "a password change elsewhere"));

        assertThatThrownBy(() -> requests.start(checked, BROWSER, null)).isInstanceOf(SignInNoLongerValidException.class);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isZero();
        assertThat(requests.start(testAccounts.atStage(root, SignInStage.COMPLETE), BROWSER, null).token()).isNotBlank();
    }

    @Test
    void a_session_does_not_start_when_the_credentials_changed_after_its_transaction_took_its_snapshot() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount checked = testAccounts.atStage(root, SignInStage.COMPLETE);

        // The code step reads the credentials version first (REPEATABLE READ: its snapshot), then a change
        // commits elsewhere before the session starts: the start must read the committed row, not the snapshot.
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT credentials_version FROM account WHERE id = ?").param(root.accountId()).query(Integer.class).single();
            changeCredentialsOnAnotherConnection(root.accountId());
            requests.start(checked, BROWSER, null);
        })).isInstanceOf(SignInNoLongerValidException.class);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {TransactionDefinition.ISOLATION_REPEATABLE_READ, TransactionDefinition.ISOLATION_READ_COMMITTED})
    void a_credential_change_waits_for_a_session_that_started_until_its_transaction_ends(int isolation) {
        SignedInAccount root = testAccounts.newOrganization();
        TransactionTemplate starting = new TransactionTemplate(transactions.getTransactionManager());
        starting.setIsolationLevel(isolation);

        // The session's transaction holds the account's row share-locked from its start to its end
        // (decision 0044): a change on another connection waits, here past a one-second lock timeout.
        // The insert's foreign key check takes that lock too, so this holds without LOCK IN SHARE MODE.
        Integer waited = starting.execute(status -> {
            requests.start(root, BROWSER, null);
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement timeout = connection.prepareStatement("SET SESSION innodb_lock_wait_timeout = 1");
                 PreparedStatement change = connection.prepareStatement(
                         "UPDATE account SET credentials_version = credentials_version + 1 WHERE id = ?")) {
                connection.setAutoCommit(true);
                timeout.execute();
                change.setLong(1, root.accountId());
                change.executeUpdate();
                return 0;
            } catch (SQLException e) {
                return e.getErrorCode();
            } finally {
                status.setRollbackOnly();
            }
        });

        assertThat(waited).as("error of the change on another connection (1205: lock wait timeout)").isEqualTo(1205);
    }

    @ParameterizedTest
    @ValueSource(ints = {TransactionDefinition.ISOLATION_REPEATABLE_READ, TransactionDefinition.ISOLATION_READ_COMMITTED})
    void a_session_start_waits_for_a_credential_change_under_way_and_is_refused_once_it_commits(int isolation) throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount checked = testAccounts.atStage(root, SignInStage.COMPLETE);
        TransactionTemplate starting = new TransactionTemplate(transactions.getTransactionManager());
        starting.setIsolationLevel(isolation);
        CompletableFuture<SignInSessions.Started> start;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement change = connection.prepareStatement(
                     "UPDATE account SET credentials_version = credentials_version + 1 WHERE id = ?")) {
            connection.setAutoCommit(false);
            change.setLong(1, root.accountId());
            change.executeUpdate();

            start = CompletableFuture.supplyAsync(() -> starting.execute(status -> requests.start(checked, BROWSER, null)));
            await("the session start waiting for the account's row").atMost(Duration.ofSeconds(30))
                    .until(() -> start.isDone() || sessionStartsWaitingForALock() > 0);
            assertThat(start).as("the session start, before the change committed").isNotDone();
            connection.commit();
        }

        // At READ COMMITTED an INSERT … SELECT without LOCK IN SHARE MODE read the old version unlocked; its foreign
        // key check waited for the row, then let the session start (seen). The check must be a locking read.
        assertThatThrownBy(() -> start.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SignInNoLongerValidException.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isZero();
    }

    @Test
    void a_start_that_fails_for_another_reason_than_a_changed_version_is_not_taken_for_one() {
        SignedInAccount root = testAccounts.newOrganization();
        long first = requests.start(root, BROWSER, null).id();
        String takenHash = jdbc.sql("SELECT token_hash FROM console_session WHERE id = ?").param(first).query(String.class).single();

        assertThatThrownBy(() -> starts.startIfStillValid(takenHash, root.accountId(), root.credentialsVersion(),
                clock.instant(), BROWSER.ip(), BROWSER.userAgent())).isInstanceOf(DuplicateKeyException.class);
    }

    private long sessionStartsWaitingForALock() {
        return jdbc.sql("SELECT COUNT(*) FROM information_schema.INNODB_TRX "
                        + "WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE 'INSERT INTO console_session%'")
                .query(Long.class).single();
    }

    private void changeCredentialsOnAnotherConnection(long accountId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement change = connection.prepareStatement(
                     "UPDATE account SET credentials_version = credentials_version + 1 WHERE id = ?")) {
            connection.setAutoCommit(true);
            change.setLong(1, accountId);
            assertThat(change.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signing_in_again_in_a_browser_ends_its_previous_session() {
        SignedInAccount root = testAccounts.newOrganization();
        SignInSessions.Started first = requests.start(root, BROWSER, null);

        SignInSessions.Started second = requests.start(root, BROWSER, first.token());

        assertThat(requests.resume(first.token(), true)).isEmpty();
        assertThat(rows.endReasonOf(first.id())).isEqualTo("REPLACED");
        assertThat(requests.resume(second.token(), true)).isPresent();
    }

    @Test
    void a_session_of_an_account_without_console_login_is_refused() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        SignInSessions.Started started = requests.start(user, BROWSER, null);

        jdbc.sql("UPDATE account SET console_access = FALSE WHERE id = ?").param(user.accountId()).update();

        assertThat(requests.resume(started.token(), true)).isEmpty();
        assertThat(rows.endReasonOf(started.id())).isEqualTo("ACCOUNT_DISABLED");
    }

    @Test
    void sign_out_ends_the_session_and_audits_it() {
        SignedInAccount root = testAccounts.newOrganization();
        SignInSessions.Started started = requests.start(root, BROWSER, null);

        requests.signOut(started.token(), null);

        assertThat(requests.resume(started.token(), true)).isEmpty();
        assertThat(rows.endReasonOf(started.id())).isEqualTo("SIGNED_OUT");
        assertThat(rows.auditEvents("SIGN_OUT", root.accountId())).isEqualTo(1);
    }

    @Test
    void a_user_ends_their_own_session_but_not_anybody_elses() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        long mine = rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.1", clock.instant(), clock.instant());
        long roots = rows.open(root, SessionRows.CHROME_ON_WINDOWS, "198.51.100.2", clock.instant(), clock.instant());
        TestAccounts.signIn(user);

        assertThatThrownBy(() -> sessions.endMine(roots)).isInstanceOf(AccessDeniedException.class);
        sessions.endMine(mine);

        assertThat(rows.endReasonOf(roots)).isNull();
        assertThat(rows.endReasonOf(mine)).isEqualTo("ENDED_BY_USER");
        assertThat(rows.auditEvents("SESSION_ENDED", user.accountId())).isEqualTo(1);
    }

    @Test
    void sign_out_all_other_sessions_keeps_this_browsers() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        Instant now = clock.instant();
        long here = rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", now, now);
        long phone = rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.2", now, now);
        long laptop = rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.3", now, now);
        TestAccounts.signIn(user);
        SessionRows.actAsBrowserOf(here);

        assertThat(sessions.endMyOtherSessions()).isEqualTo(2);

        assertThat(rows.endReasonOf(here)).isNull();
        assertThat(rows.endReasonOf(phone)).isEqualTo("ENDED_BY_USER");
        assertThat(rows.endReasonOf(laptop)).isEqualTo("ENDED_BY_USER");
        assertThat(sessions.mine()).extracting(ActiveSession::id).containsExactly(here);
        assertThat(sessions.mine().get(0).current()).isTrue();
    }

    @Test
    void a_root_counts_and_ends_the_sessions_of_a_sub_user_of_the_same_organization() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        long session = rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());
        testAccounts.signInWithConfirmedPassword(root);

        assertThat(subUserSessions.activeSessionCounts(java.util.List.of(user.accountId()))).containsEntry(user.accountId(), 1);
        assertThat(subUserSessions.endSessionsOfSubUser(user.accountId())).isEqualTo(1);

        assertThat(rows.endReasonOf(session)).isEqualTo("ENDED_BY_ROOT");
        assertThat(rows.auditEvents("SESSION_ENDED_BY_OTHER", user.accountId())).isEqualTo(1);
        assertThat(jdbc.sql("SELECT actor_account_id FROM audit_event WHERE event_type = 'SESSION_ENDED_BY_OTHER' AND target_account_id = ?")
                .param(user.accountId()).query(Long.class).single()).isEqualTo(root.accountId());
    }

    @Test
    void a_roots_count_leaves_out_ended_idle_and_too_old_sessions_as_their_expiry_works_them_out() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        SignedInAccount withoutSessions = testAccounts.newSubUser(root);
        Instant now = clock.instant();
        rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", now.minus(Duration.ofDays(2)), now);
        // Idle a second short of the 30 days: live. Idle 30 days: expired (SessionLifetime#hasEnded).
        rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.2", now.minus(Duration.ofDays(31)),
                now.minus(SessionLifetime.DEFAULT_INACTIVITY).plusSeconds(1));
        rows.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.3", now.minus(Duration.ofDays(31)),
                now.minus(SessionLifetime.DEFAULT_INACTIVITY));
        long ended = rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.4", now, now);
        jdbc.sql("UPDATE console_session SET ended_at = ?, end_reason = 'SIGNED_OUT' WHERE id = ?")
                .params(java.sql.Timestamp.from(now), ended).update();
        testAccounts.signInWithConfirmedPassword(root);

        assertThat(subUserSessions.activeSessionCounts(java.util.List.of(user.accountId(), withoutSessions.accountId())))
                .isEqualTo(java.util.Map.of(user.accountId(), 2));

        // An absolute limit of one day: the session signed in two days ago has reached it, the other one too.
        lifetimes.change(SessionLifetime.DEFAULT_INACTIVITY, true, 1);
        assertThat(subUserSessions.activeSessionCounts(java.util.List.of(user.accountId()))).isEmpty();
        rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.5", now.minus(Duration.ofHours(23)), now.minus(Duration.ofHours(1)));
        assertThat(subUserSessions.activeSessionCounts(java.util.List.of(user.accountId())))
                .isEqualTo(java.util.Map.of(user.accountId(), 1));
    }

    @Test
    void a_root_of_another_organization_is_refused_and_nothing_ends() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        long session = rows.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());
        testAccounts.signInWithConfirmedPassword(testAccounts.newOrganization());

        assertThat(subUserSessions.activeSessionCounts(java.util.List.of(user.accountId()))).isEmpty();
        assertThatThrownBy(() -> subUserSessions.endSessionsOfSubUser(user.accountId())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> sessions.endMine(session)).isInstanceOf(AccessDeniedException.class);

        assertThat(rows.endReasonOf(session)).isNull();
    }

    @Test
    void a_sub_user_cannot_end_a_colleagues_sessions() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        SignedInAccount colleague = testAccounts.newSubUser(root);
        long session = rows.open(colleague, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());
        TestAccounts.signIn(user);

        assertThatThrownBy(() -> subUserSessions.endSessionsOfSubUser(colleague.accountId())).isInstanceOf(AccessDeniedException.class);

        assertThat(rows.endReasonOf(session)).isNull();
    }

    @Test
    void nobody_signed_in_is_refused() {
        assertThatThrownBy(() -> sessions.mine()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> sessions.endMyOtherSessions()).isInstanceOf(AccessDeniedException.class);
    }
}
