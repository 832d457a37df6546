package io.storageconsole.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * V143's audit_address, listed in every transaction that writes audit rows: by a trigger (decision
 * 0048), and by a batch of rows itself, whose rows the trigger then passes by (decision 0066).
 */
class AuditAddressTest extends IntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AuditEventBatch batches;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private PlatformTransactionManager transactionManager;

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

    @Test
    void a_batch_lists_its_own_addresses_and_marks_its_rows_which_the_trigger_then_passes_by() {
        SignedInAccount root = testAccounts.newOrganization();
        String run = "m" + Long.toHexString(System.nanoTime()).substring(6);
        List<AuditEvent> batch = IntStream.range(0, 3).mapToObj(i -> event(root, run + "-batch" + i + "@marked.example.com")).toList();
        transactions.executeWithoutResult(status -> batches.insert(batch));
        transactions.executeWithoutResult(status -> batches.insert(List.of(event(root, run + "-alone@marked.example.com"))));

        assertThat(jdbc.sql("SELECT target_email, addresses_listed FROM audit_event WHERE organization_id = ? AND target_email LIKE ?")
                .params(root.organizationId(), run + "-%").query((rs, n) -> rs.getString(1) + " " + rs.getBoolean(2)).list())
                .as("a batch's rows are marked; a single row is left to the trigger")
                .containsExactlyInAnyOrder(run + "-batch0@marked.example.com true", run + "-batch1@marked.example.com true",
                        run + "-batch2@marked.example.com true", run + "-alone@marked.example.com false");
        assertThat(List.of(run + "-batch0@marked.example.com", run + "-batch1@marked.example.com", run + "-batch2@marked.example.com",
                run + "-alone@marked.example.com", root.email())).allMatch(email -> listed(root, email));

        // A marked row is its writer's to list: the trigger must pass it by, or the batch pays for its addresses twice.
        jdbc.sql("INSERT INTO audit_event (occurred_at, event_type, actor_email, organization_id, target_email, addresses_listed) "
                        + "VALUES (NOW(6), 'MFA_RESET', ?, ?, ?, TRUE)")
                .params(run + "-actor@unlisted.example.com", root.organizationId(), run + "-target@unlisted.example.com").update();
        assertThat(listed(root, run + "-actor@unlisted.example.com")).isFalse();
        assertThat(listed(root, run + "-target@unlisted.example.com")).isFalse();
    }

    @Test
    void two_batches_listing_the_same_new_addresses_in_opposite_orders_both_commit() throws Exception {
        // Each batch lists its addresses in one order for every batch: otherwise each holds a new address the other waits for.
        SignedInAccount root = testAccounts.newOrganization();
        // Not the console's template, which would run a deadlock's loser again (ConflictRetry) and hide it.
        TransactionTemplate once = new TransactionTemplate(transactionManager);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String run = "o" + round + Long.toHexString(System.nanoTime()).substring(6);
                List<AuditEvent> ascending = IntStream.range(0, 500)
                        .mapToObj(i -> event(root, "%s-%03d@order.example.com".formatted(run, i))).toList();
                List<AuditEvent> descending = new ArrayList<>(ascending);
                Collections.reverse(descending);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Integer>> written = Stream.of(ascending, descending).map(batch -> writers.submit(() -> {
                    start.await();
                    return once.execute(status -> batches.insert(batch));
                })).toList();
                for (Future<Integer> rows : written) {
                    assertThat(rows.get(30, TimeUnit.SECONDS)).isEqualTo(500);
                }
                assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_address WHERE organization_id = ? AND email LIKE ?")
                        .params(root.organizationId(), run + "-%").query(Long.class).single()).isEqualTo(500);
            }
        } finally {
            writers.shutdownNow();
        }
    }

    private static AuditEvent event(SignedInAccount root, String target) {
        return new AuditEvent(null, Instant.now(), "MFA_RESET", root.accountId(), root.email(), root.organizationId(), null, target,
                null, null, null);
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
