package io.storageconsole.mfa.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserRanks;
import io.storageconsole.account.service.SubUserMfaMoves;
import io.storageconsole.account.service.SubUserRankBalancer;
import io.storageconsole.mfa.domain.MfaStates.AccountMfa;
import io.storageconsole.mfa.service.BulkMfaChange;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.ConcurrentChanges;
import io.storageconsole.testing.FreshCounts;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A bulk MFA change counts its batch's moves in the tally and the email rank itself, set-based, and
 * its rows tell the account trigger to count nothing for them (decision 0034). Both stay equal to a
 * fresh count whatever runs at once, and nothing of a batch that failed half-way changes how the
 * next change is counted.
 */
class BulkMfaCountsTest extends IntegrationTest {

    private static final int THREADS = 8;
    private static final int CHANGES_PER_THREAD = 40;
    private static final List<MfaState> STATES = List.of(MfaState.OFF, MfaState.PENDING, MfaState.ACTIVE);

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private MfaStates states;

    @Autowired
    private SubUserMfaMoves moves;

    @Autowired
    private BulkMfaChange bulkChange;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private SubUserRankBalancer balancer;

    @Test
    void bulk_batches_racing_single_row_writers_and_the_rebalancing_leave_every_bucket_and_tally_row_equal_to_a_fresh_count()
            throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 120; i++) {
            insert(organizationId, "b%03d-%s@%s.example.com".formatted(i * 37 % 120, run, i % 4 == 0 ? "two" : "one"),
                    STATES.get(i % 3).name(), i % 2 == 0);
        }
        // Buckets of a few rows, so that a batch spans many and the rebalancing cuts and merges under it.
        SubUserRanks small = new SubUserRanks(dataSource, 6, 3, 3, 5);
        while (balancer.rebalance(small) > 0) {
            assertExact(organizationId, "settling before the race");
        }
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger rebalanced = new AtomicInteger();

        // Half the threads run batches (a bulk change of 5-30 users to one state), half single-row changes.
        ConcurrentChanges.Outcome outcome = ConcurrentChanges.run(THREADS, CHANGES_PER_THREAD, (thread, n) -> {
            if (thread % 2 == 0) {
                batches.addAndGet(bulkChange(organizationId, ThreadLocalRandom.current().nextInt(5, 31),
                        STATES.get(ThreadLocalRandom.current().nextInt(3))));
            } else {
                singleRowChange(organizationId, run, thread, n);
            }
        }, () -> rebalanced.addAndGet(balancer.rebalance(small)));

        System.out.printf("Bulk count race: %d changes applied (%d users moved by batches), %d refused, %d cuts and merges%n",
                outcome.applied(), batches.get(), outcome.refused(), rebalanced.get());
        assertThat(outcome.applied()).isGreaterThan(THREADS * CHANGES_PER_THREAD / 2);
        assertThat(batches.get()).as("users moved by batches").isGreaterThan(100);
        assertThat(rebalanced.get()).as("cuts and merges raced with the batches").isPositive();
        assertExact(organizationId, "after the race");
        while (balancer.rebalance(small) > 0) {
            assertExact(organizationId, "settling after the race");
        }
    }

    @Test
    void a_batch_that_fails_after_counting_or_after_its_change_leaves_the_counts_exact_and_the_next_change_is_counted() {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 30; i++) {
            insert(organizationId, "f%02d-%s@one.example.com".formatted(i, run), i % 2 == 0 ? "ACTIVE" : "PENDING", true);
        }
        List<Long> ids = jdbc.sql("SELECT id FROM account WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY id")
                .param(organizationId).query(Long.class).list();
        for (boolean afterTheChange : List.of(false, true)) {
            long[] batchConnection = {0};
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                batchConnection[0] = connectionId();
                List<AccountMfa> locked = states.lockSubUsers(organizationId, ids);
                if (afterTheChange) {
                    bulkChange.change(organizationId, locked, MfaState.OFF);
                } else {
                    moves.count(organizationId, locked.stream().map(AccountMfa::accountId).toList(), MfaState.OFF);
                }
                throw new IllegalStateException("a batch fails half-way");
            })).hasMessage("a batch fails half-way");
            assertExact(organizationId, "after a batch failed " + (afterTheChange ? "after" : "before") + " its change");

            // Single-row changes of the same rows, on the connection the failed batch had (the pool hands it back to this thread).
            long[] nextConnection = {0};
            transactions.executeWithoutResult(status -> {
                nextConnection[0] = connectionId();
                List<AccountMfa> locked = states.lockSubUsers(organizationId, ids.subList(0, 5));
                locked.forEach(user -> states.change(List.of(user), user.state() == MfaState.OFF ? MfaState.ACTIVE : MfaState.OFF));
            });
            assertThat(nextConnection[0]).as("the failed batch's connection, back from the pool").isEqualTo(batchConnection[0]);
            assertExact(organizationId, "after single-row changes that followed the failed batch");
        }
        // And a batch that succeeds, then single-row changes of the same rows.
        assertThat(bulkChange(organizationId, 30, MfaState.PENDING)).isPositive();
        assertExact(organizationId, "after a whole batch");
        jdbc.sql("UPDATE account SET mfa_state = 'ACTIVE', version = version + 1 WHERE organization_id = ? AND role = 'SUB_USER' "
                + "ORDER BY id LIMIT 10").param(organizationId).update();
        assertExact(organizationId, "after single-row changes of rows a batch changed");
    }

    /** Each thing the counts read besides the MFA state: the address, the role, the organization, the creation time, console login. */
    @ParameterizedTest
    @ValueSource(strings = {"email = CONCAT('y', email)", "role = 'ROOT'", "organization_id = :otherOrganization",
            "created_at = created_at - INTERVAL 1 DAY", "console_access = NOT console_access",
            "last_sign_in_at = UTC_TIMESTAMP(6) - INTERVAL 2 HOUR"})
    void a_change_that_says_it_was_counted_is_refused_when_it_changes_more_than_the_mfa_state(String alsoChanged) {
        SignedInAccount root = testAccounts.newOrganization();
        long organizationId = root.organizationId();
        long otherOrganization = testAccounts.newOrganization().organizationId();
        // The root made a sub-user, so that the row below may become the organization's one root.
        jdbc.sql("UPDATE account SET role = 'SUB_USER' WHERE id = ?").param(root.accountId()).update();
        String email = "x-" + UUID.randomUUID().toString().substring(0, 8) + "@one.example.com";
        insert(organizationId, email, "ACTIVE", true);

        assertThatThrownBy(() -> jdbc.sql("UPDATE account SET mfa_batch_changes = mfa_batch_changes + 1, " + alsoChanged
                        + " WHERE email = :email").param("email", email).param("otherOrganization", otherOrganization).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("A bulk MFA change counts only MFA states");
        assertExact(organizationId, "after the refused change");
    }

    @Test
    void a_batch_whose_transaction_read_before_an_address_changed_counts_the_address_as_it_is_now() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 24; i++) {
            insert(organizationId, "s%02d-%s@one.example.com".formatted(i, run), "ACTIVE", true);
        }
        SubUserRanks small = new SubUserRanks(dataSource, 6, 3, 3, 5);
        while (balancer.rebalance(small) > 0) {
            assertExact(organizationId, "settling");
        }
        assertThat(FreshCounts.rankBuckets(jdbc, organizationId)).filteredOn(bucket -> bucket.mfaState().equals("ACTIVE"))
                .as("buckets between the old and the new address").hasSizeGreaterThan(2);
        long moved = idOf("s00-" + run + "@one.example.com");

        transactions.executeWithoutResult(status -> {
            // The snapshot of an outer transaction that read before the change (REPEATABLE READ).
            assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE organization_id = ?").param(organizationId)
                    .query(Long.class).single()).isEqualTo(25);
            try (Connection other = dataSource.getConnection();
                 PreparedStatement change = other.prepareStatement("UPDATE account SET email = ? WHERE id = ?")) {
                assertThat(other.getAutoCommit()).as("the change commits before the batch counts").isTrue();
                change.setString(1, "s99-" + run + "@one.example.com");
                change.setLong(2, moved);
                assertThat(change.executeUpdate()).isEqualTo(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            bulkChange.change(organizationId, states.lockSubUsers(organizationId, List.of(moved)), MfaState.OFF);
        });
        assertThat(states.find(moved).orElseThrow().email()).isEqualTo("s99-" + run + "@one.example.com");
        assertExact(organizationId, "after a batch counted an address changed since its transaction's snapshot");
    }

    @Test
    void counting_the_moves_of_a_root_or_of_another_organizations_sub_user_is_refused_and_counts_nothing() {
        SignedInAccount root = testAccounts.newOrganization();
        long otherOrganization = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        insert(root.organizationId(), "own-" + run + "@one.example.com", "ACTIVE", true);
        insert(otherOrganization, "other-" + run + "@one.example.com", "ACTIVE", true);
        long own = idOf("own-" + run + "@one.example.com");

        for (long stranger : List.of(root.accountId(), idOf("other-" + run + "@one.example.com"))) {
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                states.lockSubUsers(root.organizationId(), List.of(own));
                moves.count(root.organizationId(), List.of(own, stranger), MfaState.OFF);
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 of 2 are not");
        }
        assertExact(root.organizationId(), "after the refused counting");
        assertExact(otherOrganization, "the other organization, after the refused counting");
    }

    private long idOf(String email) {
        return jdbc.sql("SELECT id FROM account WHERE email = ?").param(email).query(Long.class).single();
    }

    /**
     * What {@code MfaAdministration.resetAll} does with a batch, to any state: lock the users, then
     * count their moves and change them ({@link BulkMfaChange}) (run again whole after a deadlock, decision 0018). Returns how many moved.
     */
    private int bulkChange(long organizationId, int users, MfaState newState) {
        List<Long> picked = jdbc.sql("SELECT id FROM account WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY RAND() LIMIT ?")
                .params(organizationId, users).query(Long.class).list();
        return transactions.execute(status -> {
            List<AccountMfa> locked = states.lockSubUsers(organizationId, picked);
            bulkChange.change(organizationId, locked, newState);
            assertThat(locked).allSatisfy(user -> assertThat(states.find(user.accountId()).orElseThrow())
                    .extracting(AccountMfa::state, AccountMfa::version).containsExactly(newState, user.version() + 1));
            return (int) locked.stream().filter(user -> user.state() != newState).count();
        });
    }

    private void singleRowChange(long organizationId, String run, int thread, int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (random.nextInt(4)) {
            case 0 -> insert(organizationId, "c%03d-%d-%d-%s@one.example.com".formatted(random.nextInt(120), thread, n, run),
                    STATES.get(random.nextInt(3)).name(), random.nextBoolean());
            case 1 -> jdbc.sql("DELETE FROM account WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                    .param(organizationId).update();
            case 2 -> jdbc.sql("UPDATE account SET mfa_state = ?, version = version + 1 WHERE organization_id = ? "
                            + "AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                    .params(STATES.get(random.nextInt(3)).name(), organizationId).update();
            default -> jdbc.sql("UPDATE account SET email = CONCAT('m', ?, '-', email) WHERE organization_id = ? "
                            + "AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                    .params(random.nextInt(60), organizationId).update();
        }
    }

    private void insert(long organizationId, String email, String state, boolean consoleLogin) {
        jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, password_hash, mfa_state, created_at, version) "
                        + "VALUES (?, ?, 'SUB_USER', ?, ?, ?, ?, 0)")
                .params(organizationId, email, consoleLogin, consoleLogin ? "x" : null, state, Timestamp.from(Instant.now()))
                .update();
    }

    private long connectionId() {
        return jdbc.sql("SELECT CONNECTION_ID()").query(Long.class).single();
    }

    private void assertExact(long organizationId, String description) {
        FreshCounts.assertExact(jdbc, organizationId, description);
    }
}
