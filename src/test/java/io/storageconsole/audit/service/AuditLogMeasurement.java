package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditQuery;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BenchmarkTable;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An organization's audit log and a user's security activity with many rows in one organization,
 * through the service calls the pages make: every filter's count and first page, a deeper page, the
 * own activity and the CSV export. AuditLogBenchmark runs it at 100,000 rows; AuditLogSmokeTest at
 * a tiny size in every build, judging no timing.
 */
final class AuditLogMeasurement {

    static final int PAGE = 50;
    static final double TARGET_MS = 25;
    /** Addresses "u0000@…" to "u0999@…": each user has rows / 1,000 events. */
    static final int USERS = 1_000;
    /** Addresses with one old row each (the oldest rows of the log). */
    static final int SPARSE = 100;

    private final OrganizationAuditLog auditLog;
    private final SecurityActivity activity;
    private final JdbcClient jdbc;
    private final SignedInAccount root;
    final int rows;
    /** Unique to this run, so that the filters find only its rows. */
    final String run = "b" + UUID.randomUUID().toString().substring(0, 6);
    private final BenchmarkTable table = new BenchmarkTable("Audit log");

    AuditLogMeasurement(OrganizationAuditLog auditLog, SecurityActivity activity, JdbcClient jdbc, SignedInAccount root,
                        int rows) {
        this.auditLog = auditLog;
        this.activity = activity;
        this.jdbc = jdbc;
        this.root = root;
        this.rows = rows;
    }

    String email(int user) {
        return "u%04d@%s.bench.example.com".formatted(user, run);
    }

    /**
     * One event every 315 s back from now (100,000 rows span a year), of users in turn; every 20th
     * by the root user and about them (so their own activity has rows / 20); one in 1,000 an MFA reset.
     * The oldest {@link #SPARSE} rows are each the only row of an address of its own ("s0000@…"):
     * a text that many addresses contain, each with a row or two, and long ago. One INSERT … SELECT over
     * MariaDB's sequence engine, then ANALYZE.
     */
    Duration seed() {
        long started = System.nanoTime();
        jdbc.sql("""
                INSERT INTO audit_event (occurred_at, event_type, actor_account_id, actor_email, organization_id,
                                         target_account_id, target_email, details, ip, user_agent)
                SELECT TIMESTAMPADD(SECOND, -seq * 315, :now),
                       IF(seq % 1000 = 9, 'MFA_RESET', ELT(1 + seq % 10, 'SIGN_IN', 'SIGN_IN', 'SIGN_IN', 'SESSION_STARTED',
                          'SESSION_STARTED', 'SESSION_ENDED', 'MFA_CODE_FAILED', 'PASSWORD_CHANGED', 'SIGN_IN_FAILED', 'SIGN_OUT')),
                       IF(by_root, :rootId, NULL), IF(by_root, :rootEmail, who), :organizationId,
                       IF(by_root, :rootId, NULL), IF(by_root, :rootEmail, who),
                       NULL, CONCAT('198.51.100.', seq % 250),
                       'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
                FROM (SELECT seq, seq % 20 = 0 AND seq <= :rows - :sparse AS by_root,
                             IF(seq > :rows - :sparse, CONCAT('s', LPAD(:rows - seq, 4, '0'), '@', :run, '.sparse.example.com'),
                                CONCAT('u', LPAD(seq % 1000, 4, '0'), '@', :run, '.bench.example.com')) AS who
                      FROM seq_1_to_""" + rows + ") events")
                .param("now", java.sql.Timestamp.from(Instant.now()))
                .param("rootId", root.accountId()).param("rootEmail", root.email())
                .param("organizationId", root.organizationId()).param("run", run)
                .param("rows", rows).param("sparse", SPARSE)
                .update();
        jdbc.sql("ANALYZE TABLE audit_event").query().listOfRows();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The queries the page makes, by name, each with how many rows it matches in this data set. */
    Map<String, AuditQuery> queries() {
        Instant now = Instant.now();
        Map<String, AuditQuery> queries = new LinkedHashMap<>();
        queries.put("no filter (%,d rows)".formatted(rows), AuditQuery.all());
        queries.put("type Signed in", new AuditQuery(null, "SIGN_IN", null, null));
        queries.put("type MFA reset", new AuditQuery(null, "MFA_RESET", null, null));
        queries.put("last 30 days", new AuditQuery(null, null, now.minus(Duration.ofDays(30)), now));
        queries.put("one user's complete address", new AuditQuery(email(42), null, null, null));
        queries.put("user contains \"u004\" (9 addresses)", new AuditQuery("u004", null, null, null));
        queries.put("user contains \"u00\" (95 addresses)", new AuditQuery("u00", null, null, null));
        queries.put("user contains the domain (950 addresses)", new AuditQuery(run + ".bench", null, null, null));
        queries.put("user contains the sparse domain (%d addresses, one old row each)".formatted(SPARSE),
                new AuditQuery(run + ".sparse", null, null, null));
        queries.put("the root's complete address", new AuditQuery(root.email(), null, null, null));
        queries.put("type Signed in, last 30 days, user contains \"u00\"",
                new AuditQuery("u00", "SIGN_IN", now.minus(Duration.ofDays(30)), now));
        return queries;
    }

    /** Times every query's count and first page, a deep page, the own activity and the export; returns the slowest median. */
    double measure(int warmUps, int runs) {
        long organizationId = root.organizationId();
        double roundTrip = BenchmarkTable.medianMillis(warmUps, runs,
                () -> jdbc.sql("SELECT 1").query(Long.class).single());
        String floor = "SELECT 1 round trip";
        double slowest = 0;
        for (Map.Entry<String, AuditQuery> query : queries().entrySet()) {
            double count = BenchmarkTable.medianMillis(warmUps, runs, () -> auditLog.count(organizationId, query.getValue()));
            double page = BenchmarkTable.medianMillis(warmUps, runs,
                    () -> auditLog.page(organizationId, query.getValue(), 0, PAGE).size());
            long matches = auditLog.count(organizationId, query.getValue());
            table.atMost("count, " + query.getKey() + " = " + (matches > OrganizationAuditLog.COUNT_CAP
                    ? "more than %,d".formatted(OrganizationAuditLog.COUNT_CAP) : "%,d".formatted(matches)),
                    count, "ms", floor + " " + BenchmarkTable.ms(roundTrip), TARGET_MS);
            table.atMost("first page, " + query.getKey(), page, "ms", floor + " " + BenchmarkTable.ms(roundTrip), TARGET_MS);
            slowest = Math.max(slowest, Math.max(count, page));
        }
        double first = BenchmarkTable.medianMillis(warmUps, runs,
                () -> auditLog.page(organizationId, AuditQuery.all(), 0, PAGE).size());
        long deepOffset = Math.min(5_000, rows / 2);
        double deep = BenchmarkTable.medianMillis(warmUps, runs,
                () -> auditLog.page(organizationId, AuditQuery.all(), deepOffset, PAGE).size());
        table.info("page at offset %,d (scrolled that far), no filter".formatted(deepOffset), BenchmarkTable.ms(deep),
                "first page " + BenchmarkTable.ms(first));
        double mine = BenchmarkTable.medianMillis(warmUps, runs, () -> activity.mine(0, PAGE).size());
        table.atMost("own activity, first page (the root: %,d events)".formatted(rows / 20), mine, "ms",
                floor + " " + BenchmarkTable.ms(roundTrip), TARGET_MS);
        long mineDeep = Math.min(2_000, rows / 40);
        double mineLater = BenchmarkTable.medianMillis(warmUps, runs, () -> activity.mine(mineDeep, PAGE).size());
        table.info("own activity, page at offset %,d".formatted(mineDeep), BenchmarkTable.ms(mineLater),
                "first page " + BenchmarkTable.ms(mine));
        slowest = Math.max(slowest, mine);
        long[] bytes = {0};
        long started = System.nanoTime();
        long written;
        try {
            written = auditLog.exportCsv(organizationId, AuditQuery.all(), new OutputStream() {
                @Override
                public void write(int b) {
                    bytes[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes[0] += len;
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        table.info("CSV export of the whole log (%,d rows, %,d KB)".formatted(written, bytes[0] / 1024),
                BenchmarkTable.ms((System.nanoTime() - started) / 1e6), "streamed, 500 rows a round trip");
        return slowest;
    }

    BenchmarkTable table() {
        return table;
    }
}
