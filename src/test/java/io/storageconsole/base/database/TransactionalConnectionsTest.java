package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decision 0060: a transaction reaches the server as its statements and its COMMIT, without the
 * autocommit switches around them, and a statement outside any transaction still commits at once.
 */
class TransactionalConnectionsTest extends IntegrationTest {

    private static final String KIND = "connections-test";

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void a_transaction_sends_its_statements_and_its_commit_and_no_autocommit_switch() {
        String subject = UUID.randomUUID().toString();
        List<String> sent = serverLogOf(() -> transactions.execute(status -> {
            long thread = jdbc.sql("SELECT CONNECTION_ID()").query(Long.class).single();
            jdbc.sql("INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at) VALUES (?, ?, 1, UTC_TIMESTAMP(6))")
                    .params(KIND, subject).update();
            return thread;
        }));

        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).isEqualTo("SELECT CONNECTION_ID()");
        assertThat(sent.get(1)).startsWith("INSERT INTO attempt_counter");
        assertThat(sent.get(2)).isEqualToIgnoringCase("COMMIT");
        assertThat(committedAttempts(subject)).isEqualTo(1);
    }

    @Test
    void a_write_outside_any_transaction_is_committed_at_once_and_a_rolled_back_one_inside_is_not() {
        String outside = UUID.randomUUID().toString();
        String rolledBack = UUID.randomUUID().toString();

        jdbc.sql("INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at) VALUES (?, ?, 1, UTC_TIMESTAMP(6))")
                .params(KIND, outside).update();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at) VALUES (?, ?, 1, UTC_TIMESTAMP(6))")
                    .params(KIND, rolledBack).update();
            status.setRollbackOnly();
        });
        // The next user of those connections, outside a transaction, sees the first one committed, not the second.
        int seenByThePool = jdbc.sql("SELECT COUNT(*) FROM attempt_counter WHERE kind = ? AND subject IN (?, ?)")
                .params(KIND, outside, rolledBack).query(Integer.class).single();

        assertThat(committedAttempts(outside)).isEqualTo(1);
        assertThat(committedAttempts(rolledBack)).isNull();
        assertThat(seenByThePool).isEqualTo(1);
    }

    @Test
    void a_pool_for_another_database_user_is_derived_from_the_console_pool_as_spring_boot_does_for_flyway() {
        // SPRING_FLYWAY_USER: Spring Boot builds the migration user's pool from the application's.
        DataSource derived = DataSourceBuilder.derivedFrom(dataSource).username("migration").password("secret").build();

        assertThat(derived).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) derived).getJdbcUrl()).isEqualTo(pool().getJdbcUrl());
        assertThat(((HikariDataSource) derived).getUsername()).isEqualTo("migration");
    }

    /**
     * The statements the server received from the connection whose id {@code work} returns, while it
     * ran. The log is switched on and off and read over a connection of its own, outside the pool.
     */
    private List<String> serverLogOf(Supplier<Long> work) {
        try (Connection elsewhere = elsewhere(); Statement statement = elsewhere.createStatement()) {
            statement.execute("SET GLOBAL log_output = 'TABLE'");
            statement.execute("TRUNCATE mysql.general_log");
            statement.execute("SET GLOBAL general_log = 1");
            long thread;
            try {
                thread = work.get();
            } finally {
                statement.execute("SET GLOBAL general_log = 0");
            }
            List<String> sent = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log "
                    + "WHERE thread_id = " + thread + " AND command_type = 'Query' ORDER BY event_time")) {
                while (rows.next()) {
                    sent.add(rows.getString(1));
                }
            }
            statement.execute("TRUNCATE mysql.general_log");
            return sent;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The row as a connection outside the pool reads it: only what was committed. */
    private Integer committedAttempts(String subject) {
        try (Connection elsewhere = elsewhere();
             PreparedStatement read = elsewhere.prepareStatement("SELECT attempts FROM attempt_counter WHERE kind = ? AND subject = ?")) {
            read.setString(1, KIND);
            read.setString(2, subject);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? row.getInt(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection elsewhere() throws SQLException {
        HikariDataSource pool = pool();
        return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }

    private HikariDataSource pool() {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
