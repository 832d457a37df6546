package io.storageconsole.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.BenchmarkTable;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.InstalledTriggers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a sign-in's trigger costs: one {@code UPDATE account SET last_sign_in_at} of a sub-user
 * among 100,000 (the grid benchmark's addresses and sign-ins), with V141's trigger (the suffix rows,
 * decision 0038, and the sign-in rank's bucket the row leaves, decision 0039) and with V139's before
 * it (the suffix rows only), alternating in the same server, beside the same statement on the root's
 * row (neither); and the suffix table's size with and without its last sign-in column. Not part of {@code mvn -B test}: run it alone with
 * {@code mvn -B -o test -Dbenchmark=true -Dtest=SignInSuffixCostBenchmark} (BENCHMARKS.md).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SignInSuffixCostBenchmark extends IntegrationTest {

    private static final int SUB_USERS = 100_000;
    private static final int ROUNDS = 6;
    private static final int SIGN_INS_PER_ROUND = 1_000;
    /** Sub-users whose MFA state one UPDATE changes: the bulk reset's batch until decision 0037 (now 1,000), as decision 0038 quotes it. */
    private static final int BATCH = 500;
    private static final String UPDATED_TRIGGER = "CREATE OR REPLACE TRIGGER account_sub_user_updated";

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private SubUserSearch search;

    @Autowired
    private SubUserSignInRanks signInRanks;

    @Autowired
    private io.storageconsole.account.service.SubUserRankBalancer balancer;

    @Test
    void a_sign_in_costs_its_suffix_rows_by_primary_key() throws Exception {
        var root = testAccounts.newOrganization();
        long organizationId = root.organizationId();
        String domain = UUID.randomUUID().toString().substring(0, 8) + ".bench.example.com";
        // As SubUserGridMeasurement: u000000…, a third never signed in, the rest within 30 days.
        jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, last_sign_in_at, version) "
                        + "SELECT ?, CONCAT('u', LPAD(seq, 6, '0'), '@', ?), 'SUB_USER', FALSE, 'OFF', "
                        + "NOW(6) - INTERVAL seq MINUTE, IF(seq % 3 = 0, NULL, NOW(6) - INTERVAL (seq * 7919) % 2592000 SECOND), 0 "
                        + "FROM seq_0_to_" + (SUB_USERS - 1))
                .params(organizationId, domain).update();
        jdbc.sql("ANALYZE TABLE account, sub_user_local_suffix").query().listOfRows();
        List<Long> subUsers = new ArrayList<>(jdbc.sql("SELECT id FROM account WHERE organization_id = ? AND role = 'SUB_USER'")
                .param(organizationId).query(Long.class).list());
        Collections.shuffle(subUsers);
        // The sign-in rank cut as the scheduled rebalancing cuts it: a sign-in leaves a closed bucket.
        while (balancer.rebalance(signInRanks) > 0) {
            assertThat(signInRanks.buckets(organizationId)).isNotEmpty();
        }
        String before = trigger(Path.of("db/migration/V139__account_triggers_write_last_sign_in_into_suffixes.sql"));
        String after = trigger(Path.of("db/migration/V141__account_triggers_keep_sign_in_rank.sql"));
        // Whatever the newest migration installed is put back afterwards.
        String current = InstalledTriggers.current(jdbc, "account_sub_user_updated");

        BenchmarkTable table = new BenchmarkTable("sign-in suffixes");
        double[][] medians = new double[3][ROUNDS];
        double[][] stateChanges = new double[2][ROUNDS];
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Long> sample = subUsers.subList(round * SIGN_INS_PER_ROUND, (round + 1) * SIGN_INS_PER_ROUND);
                // Alternating which trigger goes first, so that neither always meets the warmer server.
                for (String trigger : round % 2 == 0 ? List.of(before, after) : List.of(after, before)) {
                    install(trigger);
                    int which = trigger == before ? 0 : 1;
                    medians[which][round] = signIns(sample, root.accountId(), medians[2], round, which);
                    // Each its own batch of sub-users still OFF, so that every row changes state under either trigger.
                    int batch = 2 * round + which;
                    stateChanges[which][round] = stateChange(subUsers.subList(SUB_USERS - (batch + 1) * BATCH, SUB_USERS - batch * BATCH));
                }
            }
        } finally {
            install(current);
        }
        // The rounds with V139's trigger left the sign-in rank's closed buckets counting rows that moved
        // on: back to one open bucket (derived, so exact), so that the shared database is left exact.
        int dropped = jdbc.sql("DELETE FROM sub_user_sign_in_rank WHERE organization_id = ? AND lower_id <> 0").param(organizationId).update();
        assertThat(dropped).as("the closed buckets' shard rows").isPositive();
        String rounds = "medians of %d rounds of %d sign-ins, alternating".formatted(ROUNDS, SIGN_INS_PER_ROUND);
        table.info("one sign-in UPDATE of a sub-user, V139's trigger (7 suffix rows by primary key)", BenchmarkTable.ms(BenchmarkTable.median(medians[0])),
                rounds + " " + list(medians[0]));
        table.info("one sign-in UPDATE of a sub-user, V141's trigger (and the sign-in rank's bucket it leaves)",
                BenchmarkTable.ms(BenchmarkTable.median(medians[1])), rounds + " " + list(medians[1]));
        table.info("the same UPDATE of the root's row (no suffixes, no rank), V141's trigger", BenchmarkTable.ms(BenchmarkTable.median(medians[2])),
                "same rounds " + list(medians[2]));
        table.info("new MFA state of %d sub-users in one UPDATE, counted by V141's trigger row by row".formatted(BATCH),
                BenchmarkTable.ms(BenchmarkTable.median(stateChanges[1])), "V139's trigger %s (medians of %d, same rounds; V141's %s, V139's %s)"
                        .formatted(BenchmarkTable.ms(BenchmarkTable.median(stateChanges[0])), ROUNDS, list(stateChanges[1]), list(stateChanges[0])));
        suffixTableSizes(organizationId, table);
        deepPageByLastSignIn(organizationId, table);
    }

    /**
     * "u01" by last sign-in, the middle page (offset 5,000 of 10,000): the page from the suffixes as
     * {@link SubUserSearch} reads it, alternating with the statement the old plan ran first for it
     * (decision 0035: the anchor of row 5,000, skipped to on the last-sign-in index with the LIKE); and
     * how the suffix statement sorts, with and without the raised {@code max_length_for_sort_data}.
     */
    private void deepPageByLastSignIn(long organizationId, BenchmarkTable table) {
        SubUserQuery query = SubUserQuery.all().withEmailContaining("u01").sortedBy(SubUserOrder.LAST_SIGN_IN, false);
        String oldAnchor = "SELECT a.id FROM account a FORCE INDEX (ix_account_org_role_sign_in_email) WHERE a.organization_id = ? "
                + "AND a.role = 'SUB_USER' AND a.email LIKE '%u01%' ORDER BY a.last_sign_in_at, a.id LIMIT 1 OFFSET 4999";
        assertThat(search.count(organizationId, query)).isEqualTo(10_000);
        double[] page = new double[9];
        double[] anchor = new double[9];
        for (int run = -2; run < page.length; run++) {
            long started = System.nanoTime();
            assertThat(search.page(organizationId, query, 5_000, 50)).hasSize(50);
            double pageMillis = (System.nanoTime() - started) / 1e6;
            started = System.nanoTime();
            jdbc.sql(oldAnchor).param(organizationId).query(Long.class).single();
            double anchorMillis = (System.nanoTime() - started) / 1e6;
            if (run >= 0) {
                page[run] = pageMillis;
                anchor[run] = anchorMillis;
            }
        }
        table.info("\"u01\" by last sign-in, page at offset 5,000 from the suffixes (join of its 50 rows included)",
                BenchmarkTable.ms(BenchmarkTable.median(page)), "old plan's anchor statement alone %s (medians of 9, alternating)"
                        .formatted(BenchmarkTable.ms(BenchmarkTable.median(anchor))));
        String suffixes = "SELECT s.account_id FROM sub_user_local_suffix s WHERE s.organization_id = " + organizationId
                + " AND s.suffix LIKE 'u01%' AND LOCATE('u01', SUBSTRING_INDEX(s.email, '@', 1)) = "
                + "CHAR_LENGTH(SUBSTRING_INDEX(s.email, '@', 1)) - CHAR_LENGTH(s.suffix) + 1 "
                + "ORDER BY s.last_sign_in_at, s.account_id LIMIT 50 OFFSET 5000";
        for (String hint : List.of("", "SET STATEMENT max_length_for_sort_data = 4096 FOR ")) {
            String plan = jdbc.sql(hint + "ANALYZE FORMAT=JSON " + suffixes).query(String.class).single();
            System.out.println("PLAN " + (hint.isEmpty() ? "default" : "raised") + " max_length_for_sort_data: " + plan);
            table.info("suffix statement's sort, " + (hint.isEmpty() ? "default" : "raised") + " max_length_for_sort_data",
                    plan.replaceAll("(?s).*\"r_sort_mode\": \"([^\"]*)\".*", "$1"),
                    "statement's r_total_time_ms " + plan.replaceAll("(?s).*?\"query_block\".*?\"r_total_time_ms\": ([0-9.]+).*", "$1"));
        }
    }

    /** The median of one sign-in per sub-user of the sample, each its own transaction; the root's row after each. */
    private double signIns(List<Long> sample, long rootId, double[] rootMedians, int round, int which) throws Exception {
        double[] millis = new double[sample.size()];
        double[] rootMillis = new double[sample.size()];
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE account SET last_sign_in_at = ? WHERE id = ?")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < sample.size(); i++) {
                millis[i] = timedUpdate(connection, update, sample.get(i));
                rootMillis[i] = timedUpdate(connection, update, rootId);
            }
        }
        if (which == 1) {
            rootMedians[round] = BenchmarkTable.median(rootMillis);
        }
        return BenchmarkTable.median(millis);
    }

    /**
     * A new MFA state for a batch in one statement, its own transaction: what the trigger adds per row
     * (the sign-in branch's first test, false here) is in this figure under both triggers.
     */
    private double stateChange(List<Long> batch) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            String ids = batch.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
            long started = System.nanoTime();
            assertThat(statement.executeUpdate("UPDATE account SET mfa_state = 'PENDING', version = version + 1 WHERE id IN (" + ids + ")"))
                    .isEqualTo(batch.size());
            connection.commit();
            return (System.nanoTime() - started) / 1e6;
        }
    }

    private static double timedUpdate(Connection connection, PreparedStatement update, long id) throws Exception {
        long started = System.nanoTime();
        update.setTimestamp(1, Timestamp.from(Instant.now()));
        update.setLong(2, id);
        assertThat(update.executeUpdate()).isEqualTo(1);
        double millis = (System.nanoTime() - started) / 1e6;
        connection.commit();
        return millis;
    }

    /** Data size of the suffix rows with the last sign-in, and of the same rows copied without it. */
    private void suffixTableSizes(long organizationId, BenchmarkTable table) {
        jdbc.sql("DROP TABLE IF EXISTS suffixes_without_sign_in").update();
        jdbc.sql("CREATE TABLE suffixes_without_sign_in LIKE sub_user_local_suffix").update();
        jdbc.sql("ALTER TABLE suffixes_without_sign_in DROP COLUMN last_sign_in_at").update();
        jdbc.sql("INSERT INTO suffixes_without_sign_in SELECT organization_id, suffix, account_id, email, created_at "
                + "FROM sub_user_local_suffix WHERE organization_id = ?").param(organizationId).update();
        jdbc.sql("DROP TABLE IF EXISTS suffixes_with_sign_in").update();
        jdbc.sql("CREATE TABLE suffixes_with_sign_in LIKE sub_user_local_suffix").update();
        jdbc.sql("INSERT INTO suffixes_with_sign_in SELECT * FROM sub_user_local_suffix WHERE organization_id = ?")
                .param(organizationId).update();
        jdbc.sql("ANALYZE TABLE suffixes_without_sign_in, suffixes_with_sign_in").query().listOfRows();
        long rows = jdbc.sql("SELECT COUNT(*) FROM suffixes_with_sign_in").query(Long.class).single();
        double withoutMb = dataMb("suffixes_without_sign_in");
        double withMb = dataMb("suffixes_with_sign_in");
        table.info("suffix rows' data, with the last sign-in (%,d rows, copied in key order)".formatted(rows), "%.1f MB".formatted(withMb),
                "without it %.1f MB".formatted(withoutMb));
        jdbc.sql("DROP TABLE suffixes_without_sign_in").update();
        jdbc.sql("DROP TABLE suffixes_with_sign_in").update();
    }

    private double dataMb(String table) {
        return jdbc.sql("SELECT data_length FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?")
                .param(table).query(Long.class).single() / 1e6;
    }

    /** The account update trigger of a migration, as one statement (the script itself is in the client's DELIMITER syntax). */
    private static String trigger(Path migration) throws Exception {
        String script = Files.readString(migration);
        int start = script.indexOf(UPDATED_TRIGGER);
        return script.substring(start, script.indexOf("END$$", start) + "END".length());
    }

    private void install(String trigger) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(trigger);
        }
    }

    private static String list(double[] values) {
        List<String> each = new ArrayList<>();
        for (double value : values) {
            each.add(BenchmarkTable.ms(value));
        }
        return String.join(", ", each);
    }
}
