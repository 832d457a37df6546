package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A real deadlock on one MariaDB server between a service's transaction and another one, forced
 * step by step: the service's transaction is the one InnoDB rolls back, and it must run again and
 * succeed, as a certification conflict on Galera must.
 */
class ConflictRetryTest extends IntegrationTest {

    @Autowired
    private SubUserAdministration administration;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void a_root_change_that_loses_a_deadlock_runs_again_and_is_saved_once_with_the_tally_exact() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount subUser = testAccounts.newSubUser(root);
        int seenVersion = jdbc.sql("SELECT version FROM account WHERE id = ?").param(subUser.accountId()).query(Integer.class).single();
        String domain = subUser.email().substring(subUser.email().indexOf('@') + 1);
        ExecutorService rootsBrowser = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            // The other transaction is the bigger one, so InnoDB picks the service's as the deadlock's loser.
            heavy(other, 200);
            // It holds the tally row that turning console access off moves the sub-user to ...
            update(other, "INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users) "
                    + "VALUES (?, ?, 'OFF', FALSE, 0) ON DUPLICATE KEY UPDATE sub_users = sub_users", root.organizationId(), domain);
            CompletableFuture<Void> turnOff = CompletableFuture.runAsync(() -> {
                testAccounts.signInWithConfirmedPassword(root);
                try {
                    administration.turnOffConsoleAccess(root.organizationId(), subUser.accountId(), seenVersion);
                } finally {
                    SecurityContextHolder.clearContext();
                }
            }, rootsBrowser);
            // ... the service has changed the account row and waits for that tally row ...
            await("the service waiting for the tally row").atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")
                            .query(Long.class).single() > 0);
            // ... and now the other transaction wants the account row: a deadlock.
            update(other, "UPDATE account SET version = version WHERE id = ?", subUser.accountId());
            other.rollback();

            turnOff.get(30, TimeUnit.SECONDS);
        } finally {
            rootsBrowser.shutdown();
        }
        assertThat(jdbc.sql("SELECT console_access FROM account WHERE id = ?").param(subUser.accountId()).query(Boolean.class).single())
                .isFalse();
        // Once for the change and once for ending every sign-in (credentials_version); a second run would add two more.
        assertThat(jdbc.sql("SELECT version FROM account WHERE id = ?").param(subUser.accountId()).query(Integer.class).single())
                .isEqualTo(seenVersion + 2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = 'CONSOLE_ACCESS_TURNED_OFF'")
                .param(subUser.accountId()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COALESCE(SUM(sub_users), 0) FROM sub_user_tally WHERE organization_id = ? AND mfa_state = 'OFF' AND NOT console_login")
                .param(root.organizationId()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COALESCE(SUM(sub_users), 0) FROM sub_user_tally WHERE organization_id = ? AND console_login")
                .param(root.organizationId()).query(Long.class).single()).isZero();
    }

    @Test
    void deadlocks_lock_timeouts_and_a_transaction_lost_in_a_failover_count_as_lost_conflicts_and_nothing_else_does() {
        assertThat(ConflictRetry.isLostConflict(new RuntimeException(new PessimisticLockingFailureException("deadlock")))).isTrue();
        assertThat(ConflictRetry.isLostConflict(new CannotAcquireLockException("lock wait timeout"))).isTrue();
        assertThat(ConflictRetry.isLostConflict(new SQLException("Deadlock found when trying to get lock", "40001", 1213))).isTrue();
        assertThat(ConflictRetry.isLostConflict(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isTrue();
        assertThat(ConflictRetry.isLostConflict(new SQLException("In progress transaction was lost", "25S03"))).isTrue();
        assertThat(ConflictRetry.isLostConflict(new SQLException("Duplicate entry", "23000", 1062))).isFalse();
        assertThat(ConflictRetry.isLostConflict(new OptimisticLockingFailureException("version"))).isFalse();
    }

    @Test
    void a_read_on_a_failover_url_whose_connection_died_gets_the_drivers_25S03_and_is_read_again() {
        HikariDataSource pool = (HikariDataSource) dataSource;
        // The application nodes' kind of URL (decision 0012), on this one server: the driver reconnects and says so.
        String failoverUrl = pool.getJdbcUrl().replace("jdbc:mariadb://", "jdbc:mariadb:sequential://");
        SingleConnectionDataSource one = new SingleConnectionDataSource(failoverUrl, pool.getUsername(), pool.getPassword(), true);
        try {
            JdbcClient overFailoverUrl = JdbcClient.create(one);

            killTheConnectionOf(overFailoverUrl);
            Throwable lost = catchThrowable(() -> overFailoverUrl.sql("SELECT 1").query(Integer.class).single());
            killTheConnectionOf(overFailoverUrl);
            int readAgain = ConflictRetry.read("A test read", () -> overFailoverUrl.sql("SELECT 1").query(Integer.class).single());

            // What Connector/J threw after a killed database node, captured, not built by hand.
            assertThat(lost).hasRootCauseInstanceOf(SQLTransientConnectionException.class)
                    .rootCause().hasMessageContaining("Driver has reconnect connection after a communications link failure")
                    .satisfies(cause -> assertThat(((SQLException) cause).getSQLState()).isEqualTo("25S03"));
            assertThat(ConflictRetry.isLostConnection(lost)).isTrue();
            assertThat(readAgain).isEqualTo(1);
        } finally {
            one.destroy();
        }
    }

    @Test
    void the_pools_timeout_is_answered_busy_and_is_not_read_again_after_it_has_waited_its_whole_timeout() {
        // What Hikari throws when no connection came free in time, as Spring hands it on.
        RuntimeException timedOut = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 30000ms."));
        int[] runs = {0};

        assertThatThrownBy(() -> ConflictRetry.read("A test read", () -> {
            runs[0]++;
            throw timedOut;
        })).isSameAs(timedOut);
        assertThat(runs[0]).isEqualTo(1);
        assertThat(ConflictRetry.isBusy(timedOut)).isTrue();
        assertThat(ConflictRetry.isBusy(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void a_rule_the_database_signals_is_a_refusal_not_busy_though_the_driver_calls_it_transient() {
        // audit_event is append-only: its trigger SIGNALs SQLSTATE 45000, which MariaDB Connector/J
        // hands on as a SQLTransientConnectionException (its default for an unknown state class).
        // Inserted and refused in one transaction, which then rolls back: nothing is left behind.
        Throwable refused = catchThrowable(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO audit_event (occurred_at, event_type) VALUES (NOW(6), 'TEST_ROW')").update();
            jdbc.sql("UPDATE audit_event SET details = 'changed' WHERE id = LAST_INSERT_ID()").update();
        }));

        assertThat(refused).hasRootCauseInstanceOf(SQLTransientConnectionException.class)
                .rootCause().hasMessageContaining("audit_event is append-only")
                .satisfies(cause -> assertThat(((SQLException) cause).getSQLState()).isEqualTo("45000"));
        assertThat(ConflictRetry.isBusy(refused)).isFalse();
        assertThat(ConflictRetry.isLostConflict(refused)).isFalse();
        assertThat(ConflictRetry.isLostConnection(refused)).isFalse();
    }

    @Test
    void a_read_inside_a_transaction_is_not_read_again_on_its_own_the_transaction_runs_again_instead() {
        int[] runs = {0};
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> ConflictRetry.read("A test read", () -> {
            runs[0]++;
            throw new DataAccessResourceFailureException("lost", new SQLNonTransientConnectionException("socket closed", "08000"));
        }))).isInstanceOf(DataAccessResourceFailureException.class);
        // Once per run of the transaction, which a lost connection does not run again: only 25S03 says the driver reconnected.
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void a_conflict_that_never_ends_is_given_up_after_a_bounded_number_of_runs() {
        int[] runs = {0};
        assertThatThrownBy(() -> ConflictRetry.run("test", () -> {
            runs[0]++;
            throw new CannotAcquireLockException("always busy");
        })).isInstanceOf(CannotAcquireLockException.class);
        assertThat(runs[0]).isEqualTo(ConflictRetry.RUNS);
    }

    private static void heavy(Connection connection, int rows) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count) VALUES ('deadlock-test', ?, 0, ?, 0)")) {
            for (int i = 0; i < rows; i++) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setTimestamp(2, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Kills the one connection behind {@code client} from another, as a database node's kill -9 ends it. */
    private void killTheConnectionOf(JdbcClient client) {
        long id = client.sql("SELECT CONNECTION_ID()").query(Long.class).single();
        jdbc.sql("KILL CONNECTION " + id).update();
    }

    private static void update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
