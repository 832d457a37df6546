package io.storageconsole.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.account.service.SubUserRankBalancer;
import io.storageconsole.testing.ConcurrentChanges;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sign-in rank (V140, V141) counts exactly, shard by shard, the rows between its boundaries (the
 * open bucket: what the closed ones leave of the organization), whatever runs at once; and every
 * page by last sign-in read from it equals a plain {@code ORDER BY … LIMIT … OFFSET}. Buckets of a
 * few rows here, so that a few dozen sub-users are cut, merged and raced over as thousands are in
 * production. Sign-ins "now" take the triggers' path that writes only the bucket left; sign-ins an
 * hour or more ago (ties common) are counted in the bucket they enter and may be cut anywhere; sign-ins
 * between five minutes and an hour ago are counted in the open bucket they enter, where no cut may fall.
 */
class SubUserSignInRanksTest extends IntegrationTest {

    private static final int THREADS = 6;
    private static final int CHANGES_PER_THREAD = 50;
    /** The race's sign-ins (as {@link #at}): never, now, an hour or more ago, and between five minutes and an hour ago. */
    private static final List<Integer> RACED_SIGN_INS = List.of(-1, 0, 1, 2, 3, 5, 6);

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private SubUserRanks emailRanks;

    @Autowired
    private SubUserRankBalancer balancer;

    /** One generated history: bucket sizes, then changes to the organization with rebalancing between them. */
    private record Scenario(int piece, List<Change> changes) {
    }

    /**
     * kind 0-5: insert (signed in at {@code when}), delete, sign-in at {@code when}, role away from
     * sub-user and back (of the account at {@code pick}), rebalance. {@code when}: -1 never, 0 now,
     * 1-3 that many minutes before two hours ago, 4 three minutes ahead (a node whose clock is ahead),
     * 5 and 6 ten and fifty-five minutes ago (written by the triggers, yet never closable).
     */
    private record Change(int kind, int pick, int when) {
    }

    @Test
    void every_page_by_last_sign_in_equals_a_plain_offset_scan_after_generated_histories_with_cuts_and_merges() {
        Arbitrary<Change> change = Combinators.combine(
                Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(1, 1), Tuple.of(5, 2), Tuple.of(1, 3), Tuple.of(3, 4)),
                Arbitraries.integers().between(0, 1_000), Arbitraries.of(-1, 0, 0, 1, 2, 3, 4, 5, 6)).as(Change::new);
        Arbitrary<Scenario> scenarios = Combinators.combine(Arbitraries.integers().between(1, 3),
                change.list().ofMinSize(25).ofMaxSize(50)).as(Scenario::new);
        PlainScanComparison.playGenerated("signinranks.seed", 6, scenarios, this::play);
    }

    private void play(Scenario scenario, String description) {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String base = jdbc.sql("SELECT DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 2 HOUR, '%Y-%m-%d %H:%i:%s')").query(String.class).single();
        SubUserSignInRanks small = smallRanks(scenario.piece());
        int n = 0;
        for (Change change : scenario.changes()) {
            List<Long> ids = jdbc.sql("SELECT id FROM account WHERE organization_id = ? AND role <> 'ROOT' ORDER BY id")
                    .param(organizationId).query(Long.class).list();
            long picked = ids.isEmpty() ? -1 : ids.get(change.pick() % ids.size());
            switch (change.kind()) {
                case 0 -> insert(organizationId, "g%03d-%s@a.example.com".formatted(n++, run), base, change.when());
                case 1 -> jdbc.sql("DELETE FROM account WHERE id = ?").param(picked).update();
                case 2 -> signIn(picked, base, change.when());
                case 3 -> changeRole(organizationId, run, picked, change.pick() % 2 == 0);
                default -> balancer.rebalance(small);
            }
            assertRankExact(organizationId, description + ", after " + change);
        }
        long seeksBefore = small.seeks();
        SubUserSearch search = new SubUserSearch(dataSource, emailRanks, small, 3, 4_000, 4);
        for (boolean descending : List.of(false, true)) {
            assertEveryPage(search, organizationId, new SubUserQuery("", null, SubUserOrder.LAST_SIGN_IN, descending), description);
        }
        // A text in every domain of the organization filters nothing: those pages come from the rank too.
        assertEveryPage(search, organizationId, SubUserQuery.all().withEmailContaining(".example.com")
                .sortedBy(SubUserOrder.LAST_SIGN_IN, true), description);
        if (count(organizationId) > scenario.piece()) {
            assertThat(small.seeks()).as(description + ": pages sought from the sign-in rank").isGreaterThan(seeksBefore);
        }
    }

    @Test
    void the_rank_stays_exact_while_sign_ins_inserts_deletes_and_the_rebalancing_race_over_one_organization() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String base = jdbc.sql("SELECT DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 2 HOUR, '%Y-%m-%d %H:%i:%s')").query(String.class).single();
        for (int i = 0; i < 60; i++) {
            insert(organizationId, "r%03d-%s@x.example.com".formatted(i, run), base, i % 5 - 1);
        }
        SubUserSignInRanks small = smallRanks(2);
        AtomicInteger rebalanced = new AtomicInteger();
        ConcurrentChanges.Outcome outcome = ConcurrentChanges.run(THREADS, CHANGES_PER_THREAD, (thread, n) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int when = RACED_SIGN_INS.get(random.nextInt(RACED_SIGN_INS.size()));
            switch (random.nextInt(6)) {
                case 0 -> insert(organizationId, "c%d-%d-%s@x.example.com".formatted(thread, n, run), base, when);
                case 1 -> jdbc.sql("DELETE FROM account WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                        .param(organizationId).update();
                case 2 -> changeRole(organizationId, run, jdbc.sql("SELECT COALESCE(MAX(id), -1) FROM account WHERE organization_id = ? "
                        + "AND role = 'SUB_USER'").param(organizationId).query(Long.class).single(), random.nextBoolean());
                default -> jdbc.sql("UPDATE account SET last_sign_in_at = " + at(when) + " WHERE organization_id = ? "
                                + "AND role = 'SUB_USER' ORDER BY RAND() LIMIT 2")
                        .params(params(when, base, organizationId)).update();
            }
        }, () -> rebalanced.addAndGet(balancer.rebalance(small)));

        System.out.printf("Sign-in rank race: %d changes applied, %d refused by the database, %d cuts and merges meanwhile%n",
                outcome.applied(), outcome.refused(), rebalanced.get());
        assertThat(outcome.applied()).isGreaterThan(THREADS * CHANGES_PER_THREAD / 2);
        assertThat(rebalanced.get()).as("cuts and merges raced with the writers").isPositive();
        assertRankExact(organizationId, "after the race");
        while (balancer.rebalance(small) > 0) {
            assertRankExact(organizationId, "while settling");
        }
        assertRankExact(organizationId, "settled");
        SubUserSearch search = new SubUserSearch(dataSource, emailRanks, small, 3, 4_000, 4);
        long seeksBefore = small.seeks();
        for (boolean descending : List.of(false, true)) {
            assertEveryPage(search, organizationId, new SubUserQuery("", null, SubUserOrder.LAST_SIGN_IN, descending), "after the race");
        }
        assertThat(small.seeks()).isGreaterThan(seeksBefore);
    }

    /**
     * Decision 0057: once a seek has read an organization's buckets, a page counted from the start
     * reads only the closed buckets up to it, as many as their average size at the last read says;
     * when they hold fewer rows than that (sign-ins moved rows on to the open bucket), it reads every
     * bucket. Every page equals a plain scan, both ways, before and after the change.
     */
    @Test
    void a_page_from_the_start_reads_the_buckets_up_to_it_and_every_bucket_once_they_hold_fewer_rows() {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String base = jdbc.sql("SELECT DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 2 HOUR, '%Y-%m-%d %H:%i:%s')").query(String.class).single();
        // Never, or an hour and more ago: every bucket but the last piece is closed.
        for (int i = 0; i < 60; i++) {
            insert(organizationId, "p%03d-%s@x.example.com".formatted(i, run), base, i % 4 == 0 ? -1 : i % 4);
        }
        SubUserSignInRanks small = smallRanks(3);
        while (balancer.rebalance(small) > 0) {
            assertRankExact(organizationId, "while cutting");
        }
        assertThat(small.buckets(organizationId)).as("buckets to read in part").hasSizeGreaterThan(10);
        SubUserSearch search = new SubUserSearch(dataSource, emailRanks, small, 3, 4_000, 4);
        SubUserQuery ascending = new SubUserQuery("", null, SubUserOrder.LAST_SIGN_IN, false);
        List<Long> all = plainScan(organizationId, ascending);
        long seeksBefore = small.seeks();
        long wholeBefore = small.everyBucketReads();
        for (int offset = 0; offset < all.size(); offset++) {
            assertThat(search.page(organizationId, ascending, offset, 4)).extracting(SubUserRow::id).as("offset %d", offset)
                    .containsExactlyElementsOf(all.subList(offset, Math.min(all.size(), offset + 4)));
        }
        long seeks = small.seeks() - seeksBefore;
        // The first seek, and those whose page reaches the open bucket (the last few offsets).
        assertThat(small.everyBucketReads() - wholeBefore).as("seeks that read every bucket, of %d", seeks).isLessThan(seeks / 4);
        for (boolean descending : List.of(false, true)) {
            assertEveryPage(search, organizationId, new SubUserQuery("", null, SubUserOrder.LAST_SIGN_IN, descending), "settled");
        }

        // Thirty sign-ins now move rows from the closed buckets to the open one, and ten new sub-users join
        // the first: the closed buckets hold about 37 of 70 rows, fewer than the middle page's 39.
        jdbc.sql("UPDATE account SET last_sign_in_at = UTC_TIMESTAMP(6) WHERE organization_id = ? AND role = 'SUB_USER' "
                + "AND last_sign_in_at IS NOT NULL ORDER BY id LIMIT 30").param(organizationId).update();
        for (int i = 0; i < 10; i++) {
            insert(organizationId, "q%03d-%s@x.example.com".formatted(i, run), base, -1);
        }
        assertRankExact(organizationId, "after the sign-ins");
        wholeBefore = small.everyBucketReads();
        all = plainScan(organizationId, ascending);
        int middle = all.size() / 2;
        assertThat(search.page(organizationId, ascending, middle, 4)).extracting(SubUserRow::id).as("the middle page, first after the change")
                .containsExactlyElementsOf(all.subList(middle, middle + 4));
        assertThat(small.everyBucketReads() - wholeBefore).as("the middle page lay past the closed buckets").isEqualTo(1);
        for (boolean descending : List.of(false, true)) {
            assertEveryPage(search, organizationId, new SubUserQuery("", null, SubUserOrder.LAST_SIGN_IN, descending), "changed");
        }
    }

    @Test
    void an_open_bucket_with_nothing_old_enough_to_close_is_left_without_taking_its_locks() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 9; i++) {
            insert(organizationId, "o%03d-%s@x.example.com".formatted(i, run), null, 0);
        }
        SubUserSignInRanks small = smallRanks(2);
        SubUserSignInRanks.Bucket open = small.buckets(organizationId).get(0);
        assertThat(open.open()).isTrue();
        assertThat(small.oversized()).as("9 rows above 4: oversized, but every sign-in is recent").contains(open);
        try (java.sql.Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            // A writer holding the bucket's shard rows: a cut would fail at once on them (lock wait timeout 0).
            try (var hold = writer.prepareStatement("SELECT * FROM sub_user_sign_in_rank WHERE organization_id = ? FOR UPDATE")) {
                hold.setLong(1, organizationId);
                hold.executeQuery().close();
            }
            assertThat(small.split(open)).as("nothing cut, no lock asked for").isEqualTo(new SubUserRanks.Split(false, null));
            writer.rollback();
        }
        assertRankExact(organizationId, "left open");
    }

    /**
     * Decision 0055: the rows are stored in bucket order, yet a writer's locking scan stays within its
     * shard (the triggers read through the shard index), so two sign-ins leaving one bucket from
     * different shards do not wait for each other, while two from one shard still do (the row they
     * both decrement). Scanned on the primary key, the first writer's scan would lock the other shards'
     * rows of the bucket it passes.
     */
    @Test
    void sign_ins_leaving_one_bucket_from_different_shards_do_not_wait_for_each_other() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String base = jdbc.sql("SELECT DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 2 HOUR, '%Y-%m-%d %H:%i:%s')").query(String.class).single();
        for (int i = 0; i < 40; i++) {
            insert(organizationId, "w%03d-%s@x.example.com".formatted(i, run), base, 1);
        }
        // Cut until settled: buckets of 16 keys, all signed in at one time, so in the order of their ids.
        SubUserSignInRanks ranks = smallRanks(16);
        int cuts = 0;
        for (int round = balancer.rebalance(ranks); round > 0; round = balancer.rebalance(ranks)) {
            cuts += round;
        }
        assertThat(cuts).isPositive();
        List<SubUserSignInRanks.Bucket> buckets = ranks.buckets(organizationId);
        assertThat(buckets).as("closed buckets of 16 and the open one").hasSize(3);
        SubUserSignInRanks.Bucket second = buckets.get(1);
        List<Long> inSecond = jdbc.sql("SELECT id FROM account WHERE organization_id = ? AND role = 'SUB_USER' AND id >= ? ORDER BY id LIMIT 16")
                .params(organizationId, second.lowerId()).query(Long.class).list();
        long first = inSecond.get(0);
        long otherShard = inSecond.stream().filter(id -> id % SubUserSignInRanks.SHARDS != first % SubUserSignInRanks.SHARDS)
                .findFirst().orElseThrow();
        long sameShard = inSecond.stream().skip(1).filter(id -> id % SubUserSignInRanks.SHARDS == first % SubUserSignInRanks.SHARDS)
                .findFirst().orElseThrow();
        try (Connection holder = dataSource.getConnection(); Connection other = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            other.setAutoCommit(false);
            assertThat(signInNow(holder, first)).isEqualTo(1);
            assertThat(signInNow(other, otherShard)).as("another shard of the same bucket: no wait").isEqualTo(1);
            other.rollback();
            assertThatThrownBy(() -> signInNow(other, sameShard)).as("the same shard row: it waits")
                    .isInstanceOf(SQLException.class).hasMessageContaining("Lock wait timeout");
            other.rollback();
            holder.rollback();
        }
        assertRankExact(organizationId, "after the rolled-back sign-ins");
    }

    /** A sign-in "now" of one sub-user on the connection's open transaction, refused at once if it must wait for a lock. */
    private static int signInNow(Connection connection, long id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("SET STATEMENT innodb_lock_wait_timeout = 0 FOR "
                + "UPDATE account SET last_sign_in_at = UTC_TIMESTAMP(6) WHERE id = ?")) {
            update.setLong(1, id);
            return update.executeUpdate();
        }
    }

    /** Cut above 2 × piece, merge below piece (when the two hold at most 2 × piece - 1). */
    private SubUserSignInRanks smallRanks(int piece) {
        return new SubUserSignInRanks(dataSource, 2 * piece, piece, piece, 2 * piece - 1);
    }

    /**
     * A support account of this run becomes a sub-user of the organization again ({@code back}, if
     * there is one), or the sub-user {@code id} becomes support staff (who belong to no organization).
     */
    private void changeRole(long organizationId, String run, long id, boolean back) {
        Long support = jdbc.sql("SELECT MIN(id) FROM account WHERE role = 'SUPPORT' AND email LIKE ?").param("%-" + run + "@%")
                .query(Long.class).optional().orElse(null);
        if (back && support != null) {
            jdbc.sql("UPDATE account SET role = 'SUB_USER', organization_id = ? WHERE id = ?").params(organizationId, support).update();
        } else {
            jdbc.sql("UPDATE account SET role = 'SUPPORT', organization_id = NULL WHERE id = ? AND role = 'SUB_USER'").param(id).update();
        }
    }

    /**
     * -1: never (NULL); 0: the database's now; 1-3: that many minutes before {@code base} (its one parameter);
     * 4: 3 minutes ahead; 5: 10 minutes ago; 6: 55 minutes ago.
     */
    private static String at(int when) {
        return when < 0 ? "NULL" : when == 0 ? "UTC_TIMESTAMP(6)" : when == 4 ? "UTC_TIMESTAMP(6) + INTERVAL 3 MINUTE"
                : when == 5 ? "UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE" : when == 6 ? "UTC_TIMESTAMP(6) - INTERVAL 55 MINUTE"
                : "CAST(? AS DATETIME(6)) - INTERVAL " + when + " MINUTE";
    }

    /** The parameters of a statement whose first parameter is {@link #at}'s, if it has one. */
    private static List<Object> params(int when, String base, Object... rest) {
        List<Object> params = new ArrayList<>(when > 0 && when < 4 ? List.of(base) : List.of());
        params.addAll(List.of(rest));
        return params;
    }

    private void signIn(long id, String base, int when) {
        jdbc.sql("UPDATE account SET last_sign_in_at = " + at(when) + " WHERE id = ?").params(params(when, base, id)).update();
    }

    private void insert(long organizationId, String email, String base, int when) {
        jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, last_sign_in_at, version) "
                        + "SELECT ?, ?, 'SUB_USER', FALSE, 'OFF', UTC_TIMESTAMP(6), t, 0 FROM (SELECT " + at(when) + " AS t) s")
                .params(Stream.concat(Stream.of(organizationId, email), params(when, base).stream()).toList()).update();
    }

    private long count(long organizationId) {
        return jdbc.sql("SELECT COUNT(*) FROM account WHERE organization_id = ? AND role = 'SUB_USER'").param(organizationId)
                .query(Long.class).single();
    }

    private void assertEveryPage(SubUserSearch search, long organizationId, SubUserQuery query, String description) {
        PlainScanComparison.assertEveryPage(search, organizationId, query, plainScan(organizationId, query), description);
    }

    private List<Long> plainScan(long organizationId, SubUserQuery query) {
        return jdbc.sql("SELECT a.id FROM account a WHERE a.organization_id = ? AND a.role = 'SUB_USER' ORDER BY "
                        + query.order().orderBy(query.descending()))
                .param(organizationId).query(Long.class).list();
    }

    private record Key(String at, long id) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(id, other.id);
        }
    }

    /**
     * Every closed bucket counts, shard by shard, exactly the sub-users from its key up to the next
     * bucket's (a fresh read of every row); the open one, derived, exactly the rest; one open bucket
     * starts at the first key, and every bucket has its 8 shard rows.
     */
    private void assertRankExact(long organizationId, String description) {
        List<Key> rows = jdbc.sql("SELECT DATE_FORMAT(COALESCE(last_sign_in_at, '1000-01-01'), '%Y-%m-%d %H:%i:%s.%f'), id FROM account "
                        + "WHERE organization_id = ? AND role = 'SUB_USER'")
                .param(organizationId).query((rs, n) -> new Key(rs.getString(1), rs.getLong(2))).list();
        List<Key> bounds = new ArrayList<>();
        List<long[]> stored = new ArrayList<>();
        jdbc.sql("SELECT DATE_FORMAT(lower_at, '%Y-%m-%d %H:%i:%s.%f'), lower_id, shard, sub_users FROM sub_user_sign_in_rank "
                        + "WHERE organization_id = ? ORDER BY lower_at, lower_id, shard")
                .param(organizationId).query((rs, n) -> {
                    Key key = new Key(rs.getString(1), rs.getLong(2));
                    if (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(key)) {
                        bounds.add(key);
                        stored.add(new long[SubUserSignInRanks.SHARDS]);
                    }
                    stored.get(stored.size() - 1)[rs.getInt(3)] = rs.getLong(4);
                    return key;
                }).list();
        assertThat(bounds).as(description + ": the first bucket").isNotEmpty();
        assertThat(bounds.get(0)).as(description + ": the first bucket").isEqualTo(new Key(SubUserSignInRanks.NEVER, 0));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sub_user_sign_in_rank WHERE organization_id = ?").param(organizationId)
                .query(Long.class).single()).as(description + ": 8 shard rows a bucket").isEqualTo(8L * bounds.size());
        long[][] fresh = new long[bounds.size()][SubUserSignInRanks.SHARDS];
        for (Key row : rows) {
            int bucket = 0;
            while (bucket + 1 < bounds.size() && bounds.get(bucket + 1).compareTo(row) <= 0) {
                bucket++;
            }
            fresh[bucket][(int) (row.id() % SubUserSignInRanks.SHARDS)]++;
        }
        for (int bucket = 0; bucket + 1 < bounds.size(); bucket++) {
            assertThat(stored.get(bucket)).as("%s: closed bucket %s, by shard", description, bounds.get(bucket))
                    .containsExactly(fresh[bucket]);
        }
        SubUserSignInRanks ranks = smallRanks(1);
        List<SubUserSignInRanks.Bucket> derived = ranks.buckets(organizationId);
        assertThat(derived.get(derived.size() - 1).subUsers()).as(description + ": the open bucket, derived")
                .isEqualTo(Arrays.stream(fresh[bounds.size() - 1]).sum());
    }
}
