package io.storageconsole.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** V143's audit_address, kept by a trigger in every transaction that writes audit rows (decision 0048). */
class AuditAddressTest extends IntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void an_open_transaction_that_lists_addresses_keeps_no_other_writer_of_the_organizations_audit_rows_waiting()
            throws SQLException {
        // A bulk reset holds its transaction for a second or more: a sign-in beside it must not wait.
        SignedInAccount root = testAccounts.newOrganization();
        String run = "l" + Long.toHexString(System.nanoTime()).substring(6);
        assertThat(listed(root, root.email())).as("the root's address, listed when the organization was created").isTrue();
        try (Connection bulk = dataSource.getConnection(); Connection other = dataSource.getConnection()) {
            bulk.setAutoCommit(false);
            other.setAutoCommit(false);
            try {
                insert(bulk, root, run + "-b@locks.example.com");
                // Waiting for the bulk's locks would fail these after a second, with a lock wait timeout.
                insert(other, root, run + "-a@locks.example.com");
                insert(other, root, run + "-c@locks.example.com");
                other.commit();
                bulk.commit();
            } finally {
                other.rollback();
                bulk.rollback();
                other.setAutoCommit(true);
                bulk.setAutoCommit(true);
            }
        }

        assertThat(listed(root, run + "-a@locks.example.com")).isTrue();
        assertThat(listed(root, run + "-b@locks.example.com")).isTrue();
        assertThat(listed(root, run + "-c@locks.example.com")).isTrue();
    }

    @Test
    void the_fill_lists_the_addresses_of_rows_written_before_the_table_and_leaves_no_audit_writer_waiting()
            throws SQLException {
        // V143 ran it on the rows written before the table existed; such rows are made here by unlisting an organization's.
        SignedInAccount root = testAccounts.newOrganization();
        String run = "f" + Long.toHexString(System.nanoTime()).substring(6);
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, root, run + "-b@fill.example.com");
        }
        jdbc.sql("DELETE FROM audit_address WHERE organization_id = ?").param(root.organizationId()).update();
        try (Connection migration = dataSource.getConnection(); Connection other = dataSource.getConnection()) {
            migration.setAutoCommit(false);
            try {
                try (PreparedStatement fill = migration.prepareStatement("CALL audit_address_fill()")) {
                    fill.execute();
                }
                // The migration's transaction is still open: waiting for its locks would fail this after a second.
                insert(other, root, run + "-a@fill.example.com");
            } finally {
                migration.rollback();
                migration.setAutoCommit(true);
            }
        }

        assertThat(jdbc.sql("SELECT email FROM audit_address WHERE organization_id = ?").param(root.organizationId())
                .query(String.class).list()).containsExactlyInAnyOrderElementsOf(jdbc.sql("SELECT actor_email FROM audit_event "
                        + "WHERE organization_id = ? AND actor_email IS NOT NULL UNION SELECT target_email FROM audit_event "
                        + "WHERE organization_id = ? AND target_email IS NOT NULL")
                .params(root.organizationId(), root.organizationId()).query(String.class).list())
                .contains(root.email(), run + "-a@fill.example.com", run + "-b@fill.example.com");
    }

    /** An audit row by the root about {@code target}: the root's address listed already, the target's new. */
    private static void insert(Connection connection, SignedInAccount root, String target) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("SET STATEMENT innodb_lock_wait_timeout = 1 FOR "
                + "INSERT INTO audit_event (occurred_at, event_type, actor_account_id, actor_email, organization_id, target_email) "
                + "VALUES (?, 'MFA_RESET', ?, ?, ?, ?)")) {
            insert.setTimestamp(1, Timestamp.from(Instant.now()));
            insert.setLong(2, root.accountId());
            insert.setString(3, root.email());
            insert.setLong(4, root.organizationId());
            insert.setString(5, target);
            insert.executeUpdate();
        }
    }

    private boolean listed(SignedInAccount root, String email) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_address WHERE organization_id = ? AND email = ?")
                .params(root.organizationId(), email).query(Long.class).single() == 1;
    }
}
