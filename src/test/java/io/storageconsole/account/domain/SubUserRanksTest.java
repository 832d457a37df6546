package io.storageconsole.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.account.service.SubUserRankBalancer;
import io.storageconsole.testing.ConcurrentChanges;
import io.storageconsole.testing.FreshCounts;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The email rank (V131) counts exactly the rows between its boundaries, whatever runs at once, and
 * every page read from it equals the same rows read with a plain {@code ORDER BY … LIMIT … OFFSET}.
 * Bucket sizes are a few rows here, so that a few dozen sub-users are cut, merged and raced over as
 * thousands are in production.
 */
class SubUserRanksTest extends IntegrationTest {

    private static final int THREADS = 8;
    private static final int CHANGES_PER_THREAD = 50;
    private static final java.nio.file.Path V133 = java.nio.file.Path.of("db/migration/V133__fill_sub_user_email_rank_and_suffix_keys.sql");

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private SubUserSearch search;

    @Autowired
    private SubUserRankBalancer balancer;

    /** One generated history: bucket sizes, then changes to the organization with rebalancing between them. */
    private record Scenario(int piece, List<Change> changes) {
    }

    /** kind 0-3: insert, delete, new address, new MFA state (of the row at {@code pick}); 4: rebalance. */
    private record Change(int kind, String local, int pick, String state) {
    }

    @Test
    void every_page_at_every_offset_equals_a_plain_offset_scan_after_generated_changes_and_rebalancing() {
        Arbitrary<String> locals = Arbitraries.strings().withChars("abAB01.-_").ofMinLength(1).ofMaxLength(4);
        Arbitrary<Change> change = Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(2, 3), Tuple.of(2, 4)),
                locals, Arbitraries.integers().between(0, 1_000), Arbitraries.of("OFF", "PENDING", "ACTIVE"))
                .as(Change::new);
        Arbitrary<Scenario> scenarios = Combinators.combine(Arbitraries.integers().between(1, 4),
                change.list().ofMinSize(20).ofMaxSize(45)).as(Scenario::new);
        PlainScanComparison.playGenerated("ranks.seed", 6, scenarios, this::play);
    }

    private void play(Scenario scenario, String description) {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 6);
        SubUserRanks small = smallRanks(scenario.piece());
        for (Change change : scenario.changes()) {
            List<Long> ids = jdbc.sql("SELECT id FROM account WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY id")
                    .param(organizationId).query(Long.class).list();
            long picked = ids.isEmpty() ? -1 : ids.get(change.pick() % ids.size());
            String email = change.local() + "-" + run + "@" + (change.pick() % 3 == 0 ? "b" : "a") + ".example.com";
            switch (change.kind()) {
                case 0 -> insertIgnoringTwins(organizationId, email, change.state());
                case 1 -> jdbc.sql("DELETE FROM account WHERE id = ?").param(picked).update();
                case 2 -> renameIgnoringTwins(picked, email);
                case 3 -> jdbc.sql("UPDATE account SET mfa_state = ? WHERE id = ?").params(change.state(), picked).update();
                default -> balancer.rebalance(small);
            }
            assertRanksExact(organizationId, description + ", after " + change);
        }
        assertRanksExact(organizationId, description);
        for (boolean descending : List.of(false, true)) {
            for (SubUserOrder order : List.of(SubUserOrder.EMAIL, SubUserOrder.MFA_STATE)) {
                for (MfaState state : new MfaState[] {null, MfaState.OFF}) {
                    SubUserQuery query = new SubUserQuery("", state, order, descending);
                    assertEveryPage(organizationId, query, description);
                }
            }
        }
        // A text in every domain of the organization filters nothing: those pages come from the rank too.
        assertEveryPage(organizationId, SubUserQuery.all().withEmailContaining(".example.com"), description);
    }

    private void assertEveryPage(long organizationId, SubUserQuery query, String description) {
        List<Long> all = jdbc.sql("SELECT a.id FROM account a WHERE a.organization_id = ? AND a.role = 'SUB_USER'"
                        + (query.mfaState() == null ? "" : " AND a.mfa_state = '" + query.mfaState().name() + "'")
                        + " ORDER BY " + query.order().orderBy(query.descending()))
                .param(organizationId).query(Long.class).list();
        PlainScanComparison.assertEveryPage(search, organizationId, query, all, description);
    }

    @Test
    void pages_of_fifty_across_many_buckets_and_every_mfa_state_equal_a_plain_offset_scan_at_every_offset() {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 230; i++) {
            // Uneven partitions: OFF holds about half, ACTIVE and PENDING a quarter each, interleaved by address.
            insertIgnoringTwins(organizationId, "p%03d-%s@x.example.com".formatted(i * 37 % 230, run),
                    List.of("OFF", "ACTIVE", "OFF", "PENDING").get(i % 4));
        }
        SubUserRanks small = smallRanks(10);
        while (balancer.rebalance(small) > 0) {
            assertRanksExact(organizationId, "settling");
        }
        assertThat(buckets(organizationId)).as("several buckets in every partition").hasSizeGreaterThan(16);
        for (boolean descending : List.of(false, true)) {
            for (SubUserOrder order : List.of(SubUserOrder.EMAIL, SubUserOrder.MFA_STATE)) {
                for (MfaState state : new MfaState[] {null, MfaState.OFF}) {
                    SubUserQuery query = new SubUserQuery("", state, order, descending);
                    List<Long> all = jdbc.sql("SELECT a.id FROM account a WHERE a.organization_id = ? AND a.role = 'SUB_USER'"
                                    + (state == null ? "" : " AND a.mfa_state = 'OFF'") + " ORDER BY " + order.orderBy(descending))
                            .param(organizationId).query(Long.class).list();
                    PlainScanComparison.assertEveryPage(search, organizationId, query, all, List.of(7, 50), "230 sub-users");
                }
            }
        }
    }

    @Test
    void a_page_seeks_from_the_nearer_end_of_its_bucket_and_across_partitions() {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 44; i++) {
            insertIgnoringTwins(organizationId, "s%02d-%s@x.example.com".formatted(i, run), i < 22 ? "ACTIVE" : "OFF");
        }
        SubUserRanks small = smallRanks(10);
        while (balancer.rebalance(small) > 0) {
            assertRanksExact(organizationId, "settling");
        }
        List<String> every = List.of(SubUserRanks.EVERY_STATE);
        List<String> all = lowerEmails(organizationId, SubUserRanks.EVERY_STATE);
        assertThat(buckets(organizationId)).filteredOn(bucket -> !bucket.mfaState().equals("PENDING"))
                .extracting(SubUserRanks.Bucket::subUsers).containsOnly(11);
        assertThat(all).hasSize(4);
        // Rows 11-21 are the second bucket: its first rows are read forwards from its start, its last ones back from its end.
        assertThat(small.seek(organizationId, every, false, 11, 1)).isEqualTo(new SubUserRanks.Seek("", all.get(1), false, 0, 1));
        assertThat(small.seek(organizationId, every, false, 14, 2)).isEqualTo(new SubUserRanks.Seek("", all.get(1), false, 3, 2));
        assertThat(small.seek(organizationId, every, false, 17, 2)).isEqualTo(new SubUserRanks.Seek("", all.get(2), true, 3, 2));
        assertThat(small.seek(organizationId, every, false, 21, 1)).isEqualTo(new SubUserRanks.Seek("", all.get(2), true, 0, 1));
        assertThat(small.seek(organizationId, every, false, 10, 2)).isEqualTo(new SubUserRanks.Seek("", null, false, 10, 2));
        // Counted from the end: row 11 from the end is row 32 from the start, the last of the third bucket.
        assertThat(small.seek(organizationId, every, true, 11, 1)).isEqualTo(new SubUserRanks.Seek("", all.get(3), true, 0, 1));
        // A last page is cut short; the last bucket is read back from the partition's end, the first from its start.
        assertThat(small.seek(organizationId, every, false, 40, 50)).isEqualTo(new SubUserRanks.Seek("", null, true, 0, 4));
        assertThat(small.seek(organizationId, every, true, 42, 50)).isEqualTo(new SubUserRanks.Seek("", null, false, 0, 2));
        assertThat(small.seek(organizationId, every, false, 44, 1)).isNull();
        assertThat(small.seek(organizationId, every, true, 44, 1)).isNull();
        // Across states (ACTIVE rows 0-21, OFF 22-43, PENDING none): a page that ends in OFF's first bucket
        // is read back from that bucket's end on into ACTIVE; the last OFF bucket ends at its partition's end.
        List<String> states = List.of("ACTIVE", "OFF", "PENDING");
        List<String> active = lowerEmails(organizationId, "ACTIVE");
        List<String> off = lowerEmails(organizationId, "OFF");
        assertThat(small.seek(organizationId, states, false, 20, 10)).isEqualTo(new SubUserRanks.Seek("OFF", off.get(1), true, 3, 10));
        assertThat(small.seek(organizationId, states, false, 13, 10)).isEqualTo(new SubUserRanks.Seek("ACTIVE", active.get(1), false, 2, 10));
        assertThat(small.seek(organizationId, states, true, 0, 5)).isEqualTo(new SubUserRanks.Seek("OFF", null, true, 0, 5));
        assertThat(small.seek(organizationId, states, true, 40, 5)).isEqualTo(new SubUserRanks.Seek("ACTIVE", null, false, 0, 4));
    }

    private List<String> lowerEmails(long organizationId, String mfaState) {
        return buckets(organizationId).stream().filter(bucket -> bucket.mfaState().equals(mfaState))
                .map(SubUserRanks.Bucket::lowerEmail).toList();
    }

    @Test
    void the_rank_stays_exact_while_eight_writers_and_the_rebalancing_race_over_one_organization() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 60; i++) {
            insertIgnoringTwins(organizationId, "r%03d-%s@x.example.com".formatted(i * 7 % 60, run), i % 3 == 0 ? "ACTIVE" : "OFF");
        }
        SubUserRanks small = smallRanks(2);
        AtomicInteger rebalanced = new AtomicInteger();
        ConcurrentChanges.Outcome outcome = ConcurrentChanges.run(THREADS, CHANGES_PER_THREAD,
                (thread, n) -> change(organizationId, run, thread, n), () -> rebalanced.addAndGet(balancer.rebalance(small)));

        System.out.printf("Rank race: %d changes applied, %d refused by the database, %d cuts and merges meanwhile%n",
                outcome.applied(), outcome.refused(), rebalanced.get());
        assertThat(outcome.applied()).isGreaterThan(THREADS * CHANGES_PER_THREAD / 2);
        assertThat(rebalanced.get()).as("cuts and merges raced with the writers").isPositive();
        assertRanksExact(organizationId, "after the race");

        while (balancer.rebalance(small) > 0) {
            assertRanksExact(organizationId, "while settling");
        }
        assertThat(buckets(organizationId)).allSatisfy(bucket -> assertThat(bucket.subUsers()).isLessThanOrEqualTo(4));
        assertRanksExact(organizationId, "settled");
    }

    @Test
    void v133_brings_drifted_counts_and_suffix_keys_back_to_the_rows_and_running_it_again_changes_nothing() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 12; i++) {
            insertIgnoringTwins(organizationId, "v%02d-%s@v.example.com".formatted(i, run), "OFF");
        }
        while (balancer.rebalance(smallRanks(2)) > 0) {
            assertRanksExact(organizationId, "settling");
        }
        List<SubUserRanks.Bucket> exact = buckets(organizationId);
        jdbc.sql("UPDATE sub_user_email_rank SET sub_users = sub_users + 3 WHERE organization_id = ? AND lower_email <> ''")
                .param(organizationId).update();
        jdbc.sql("UPDATE sub_user_local_suffix SET email = NULL, created_at = NULL WHERE organization_id = ?").param(organizationId).update();
        assertThat(buckets(organizationId)).isNotEqualTo(exact);

        runV133();

        assertThat(buckets(organizationId)).isEqualTo(exact);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sub_user_local_suffix s JOIN account a ON a.id = s.account_id "
                        + "WHERE s.organization_id = ? AND s.email = a.email AND s.created_at = a.created_at")
                .param(organizationId).query(Long.class).single())
                .isEqualTo(jdbc.sql("SELECT COUNT(*) FROM sub_user_local_suffix WHERE organization_id = ?").param(organizationId)
                        .query(Long.class).single()).isPositive();

        runV133();

        assertThat(buckets(organizationId)).isEqualTo(exact);
    }

    private void runV133() throws Exception {
        try (var connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new FileSystemResource(V133));
        }
    }

    /** Cut above 2 × piece, merge below piece (when the two hold at most 2 × piece - 1). */
    private SubUserRanks smallRanks(int piece) {
        return new SubUserRanks(dataSource, 2 * piece, piece, piece, 2 * piece - 1);
    }

    private void change(long organizationId, String run, int thread, int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (random.nextInt(5)) {
            case 0 -> insertIgnoringTwins(organizationId, "c%02d-%d-%d-%s@x.example.com".formatted(random.nextInt(60), thread, n, run),
                    random.nextBoolean() ? "OFF" : "PENDING");
            case 1 -> jdbc.sql("DELETE FROM account WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                    .param(organizationId).update();
            case 2 -> jdbc.sql("UPDATE account SET mfa_state = ?, version = version + 1 WHERE organization_id = ? "
                            + "AND role = 'SUB_USER' ORDER BY RAND() LIMIT 5")
                    .params(List.of("OFF", "PENDING", "ACTIVE").get(random.nextInt(3)), organizationId).update();
            case 3 -> jdbc.sql("UPDATE account SET email = CONCAT('m', ?, '-', email) WHERE organization_id = ? "
                            + "AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                    .params(random.nextInt(60), organizationId).update();
            default -> jdbc.sql("UPDATE account SET last_sign_in_at = ? WHERE organization_id = ? AND role = 'SUB_USER' "
                            + "ORDER BY RAND() LIMIT 3")
                    .params(Timestamp.from(Instant.now()), organizationId).update();
        }
    }

    private void insertIgnoringTwins(long organizationId, String email, String state) {
        // INSERT IGNORE: a generated address equal to another under the collation ("A" = "a") is skipped.
        jdbc.sql("INSERT IGNORE INTO account (organization_id, email, role, console_access, mfa_state, created_at, version) "
                        + "VALUES (?, ?, 'SUB_USER', FALSE, ?, ?, 0)")
                .params(organizationId, email, state, Timestamp.from(Instant.now())).update();
    }

    private void renameIgnoringTwins(long id, String email) {
        // Not UPDATE IGNORE: MariaDB 10.11 keeps the AFTER UPDATE trigger's changes of a row it then
        // ignores as a duplicate (tally, suffixes and rank count an address nobody has); the console never uses it.
        try {
            jdbc.sql("UPDATE account SET email = ? WHERE id = ?").params(email, id).update();
        } catch (DuplicateKeyException twin) {
            // Another sub-user has this address already (or one equal to it under the collation).
        }
    }

    private List<SubUserRanks.Bucket> buckets(long organizationId) {
        return jdbc.sql("SELECT organization_id, mfa_state, lower_email, sub_users FROM sub_user_email_rank "
                        + "WHERE organization_id = ? ORDER BY mfa_state, lower_email")
                .param(organizationId)
                .query((rs, row) -> new SubUserRanks.Bucket(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4))).list();
    }

    /** Every bucket counts exactly the sub-users of its partition from its boundary up to the next one. */
    private void assertRanksExact(long organizationId, String description) {
        List<FreshCounts.Bucket> buckets = FreshCounts.rankBuckets(jdbc, organizationId);
        assertThat(buckets).as(description + ": every partition starts at ''")
                .filteredOn(bucket -> bucket.lowerEmail().isEmpty()).hasSize(4);
        assertThat(buckets).as(description).allSatisfy(bucket -> assertThat(bucket.exact()).as(bucket.toString()).isTrue());
    }
}
