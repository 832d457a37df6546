package io.storageconsole.organization.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinService;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserQuery;
import io.storageconsole.account.service.SubUserDirectory;
import io.storageconsole.organization.ui.component.SubUserGrid;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sub-user grid with one organization of 100,000 sub-users, through the service calls the grid
 * makes. Not part of {@code mvn -B test}; run it with
 * {@code mvn -B test -Dtest=SubUserGridBenchmark -Dbenchmark=true} (see BENCHMARKS.md).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SubUserGridBenchmark extends KaribuTest {

    static {
        // Production never runs Vaadin's development-mode component tracker, which keeps a stack of
        // locations for every component; measuring with it would count the tracker, not the view.
        if ("true".equals(System.getProperty("benchmark"))) {
            System.setProperty("vaadin.devmode.componentTracker.enabled", "false");
        }
    }

    private static final int SUB_USERS = 100_000;
    private static final int ROWS_PER_INSERT = 1_000;
    private static final int PAGE = 50;
    private static final int WARM_UP_RUNS = 20;
    private static final int MEASURED_RUNS = 51;
    private static final int VIEWS = 40;
    /** u01… matches u010000 to u019999: 10,000 sub-users. */
    private static final String TEXT_FILTER = "u01";

    private static final double FETCH_TARGET_MS = 25;
    private static final double DEEP_TO_FIRST_TARGET = 2;
    private static final double HEAP_PER_VIEW_TARGET_KB = 200;

    @Autowired
    private SubUserDirectory directory;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private io.storageconsole.mfa.service.MfaAdministration mfaAdministration;

    @Autowired
    private io.storageconsole.account.service.PasswordConfirmation passwordConfirmation;

    @Autowired
    private JdbcClient jdbc;

    private final List<String> table = new ArrayList<>();

    @Test
    void one_organization_of_100000_sub_users_pages_counts_and_opens_within_the_targets() throws SQLException {
        SignedInAccount root = testAccounts.newOrganization();
        long organizationId = root.organizationId();
        long insertStarted = System.nanoTime();
        insertSubUsers(organizationId);
        Duration insertTook = Duration.ofNanos(System.nanoTime() - insertStarted);
        // Fresh statistics, as a server has them after its nightly work, so the plans are the real ones.
        jdbc.sql("ANALYZE TABLE account").query().listOfRows();
        TestAccounts.signIn(root);
        SoftAssertions targets = new SoftAssertions();
        try {
            measure(root, targets);
        } finally {
            // Printed even when a step fails, so that a run cut short still shows what it measured.
            System.out.println();
            System.out.printf("Sub-user grid benchmark: %,d sub-users inserted in %.1f s, median of %d runs after %d warm-up runs%n",
                    SUB_USERS, insertTook.toMillis() / 1000.0, MEASURED_RUNS, WARM_UP_RUNS);
            table.forEach(System.out::println);
            System.out.println();
        }
        targets.assertAll();
    }

    private void measure(SignedInAccount root, SoftAssertions targets) {
        long organizationId = root.organizationId();

        SubUserQuery byEmail = SubUserQuery.all();
        SubUserQuery mfaOff = byEmail.withMfaState(MfaState.OFF);
        SubUserQuery textFilter = byEmail.withEmailPrefix(TEXT_FILTER);

        heading();
        for (SubUserQuery query : List.of(byEmail, mfaOff, textFilter)) {
            long total = directory.count(organizationId, query);
            long lastPage = total - PAGE;
            String name = query == byEmail ? "no filter" : query == mfaOff ? "MFA state Off" : "email starts with \"" + TEXT_FILTER + "\"";
            double first = fetch(organizationId, query, 0, total, name + ", first page",
                    "≤ %.0f ms".formatted(FETCH_TARGET_MS));
            double last = fetch(organizationId, query, lastPage, total, name + ", last page", null);
            replaceTarget("≤ %.0f ms and ≤ %.0f × first page (is %.2f ×)"
                    .formatted(FETCH_TARGET_MS, DEEP_TO_FIRST_TARGET, last / first));
            // The page farthest from both ends, which no index shortcut reaches: shown, not targeted.
            fetch(organizationId, query, total / 2, total, name + ", middle page (worst case)", "none");
            targets.assertThat(first).as("first page, " + name).isLessThanOrEqualTo(FETCH_TARGET_MS);
            targets.assertThat(last).as("last page, " + name).isLessThanOrEqualTo(FETCH_TARGET_MS);
            targets.assertThat(last).as("last page against first page, " + name)
                    .isLessThanOrEqualTo(first * DEEP_TO_FIRST_TARGET);
        }
        // Without the grid's count the service cannot read from the end: shown to explain why it does.
        fetch(organizationId, byEmail, SUB_USERS - PAGE, SubUserDirectory.UNKNOWN_TOTAL,
                "no filter, last page read forward (count unknown)", "none");

        double count = median(() -> directory.count(organizationId, byEmail));
        line("count, no filter", "", SUB_USERS, count, "none");
        line("count, MFA state Off", "", directory.count(organizationId, mfaOff),
                median(() -> directory.count(organizationId, mfaOff)), "none");
        line("count, email starts with \"" + TEXT_FILTER + "\"", "", directory.count(organizationId, textFilter),
                median(() -> directory.count(organizationId, textFilter)), "none");
        line("MFA summary (GROUP BY mfa_state)", "", directory.mfaCounts(organizationId).total(),
                median(() -> directory.mfaCounts(organizationId).total()), "none");
        bulkMfaResetOf10000Users(organizationId);

        double heapPerViewKb = heapPerOpenViewKb(root);
        table.add("| live heap per open Organization-wide Policies view (%d views) | | | %.0f KB | ≤ %.0f KB |"
                .formatted(VIEWS, heapPerViewKb, HEAP_PER_VIEW_TARGET_KB));
        targets.assertThat(heapPerViewKb).as("heap per view").isLessThanOrEqualTo(HEAP_PER_VIEW_TARGET_KB);
    }

    /**
     * One bulk "Reset MFA" of 10,000 users with MFA on, through the service the grid's button calls:
     * batches of 500, one audit event and one queued notice per user. Run once: it changes the data.
     */
    private void bulkMfaResetOf10000Users(long organizationId) {
        java.util.Map<Long, Integer> seen = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT id, version FROM account WHERE organization_id = ? AND role = 'SUB_USER' AND mfa_state <> 'OFF' ORDER BY id LIMIT 10000")
                .param(organizationId).query((rs, n) -> seen.put(rs.getLong(1), rs.getInt(2))).list();
        long started = System.nanoTime();
        int reset = mfaAdministration.resetAll(seen).reset();
        double millis = (System.nanoTime() - started) / 1e6;
        table.add("| bulk Reset MFA of %,d users (one run, batches of 500) | | %,d | %.0f ms | none |"
                .formatted(seen.size(), reset, millis));
    }

    private double fetch(long organizationId, SubUserQuery query, long offset, long knownTotal, String what,
                         String target) {
        int[] rows = new int[1];
        double median = median(() -> {
            rows[0] = directory.page(organizationId, query, offset, PAGE, knownTotal).size();
            return rows[0];
        });
        assertThat(rows[0]).as(what).isEqualTo(PAGE);
        line(what, "%,d".formatted(offset), rows[0], median, target);
        return median;
    }

    private static double median(LongSupplier call) {
        long sink = 0;
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            sink += call.getAsLong();
        }
        double[] millis = new double[MEASURED_RUNS];
        for (int i = 0; i < MEASURED_RUNS; i++) {
            long started = System.nanoTime();
            sink += call.getAsLong();
            millis[i] = (System.nanoTime() - started) / 1_000_000.0;
        }
        assertThat(sink).isPositive();
        Arrays.sort(millis);
        return millis[MEASURED_RUNS / 2];
    }

    /** Fills in the target of the line just measured, once the figure it is compared with is known. */
    private void replaceTarget(String target) {
        String line = table.remove(table.size() - 1);
        table.add(line.replace("| null |", "| " + target + " |"));
    }

    private void heading() {
        table.add("| what | offset | rows | median | target |");
        table.add("|---|---:|---:|---:|---|");
    }

    private void line(String what, String offset, long rows, double medianMillis, String target) {
        table.add("| %s | %s | %,d | %.2f ms | %s |".formatted(what, offset, rows, medianMillis, target));
    }

    /**
     * Opens {@link #VIEWS} views side by side, each with its first page of rows loaded as a browser
     * would ask for it, and divides the growth of the live heap after full collections by their number.
     */
    private double heapPerOpenViewKb(SignedInAccount root) {
        signIn(root);
        UI.getCurrent().navigate(OrganizationPoliciesView.class);
        MockVaadin.clientRoundtrip();
        List<OrganizationPoliciesView> views = new ArrayList<>();
        long before = liveHeap();
        for (int i = 0; i < VIEWS; i++) {
            OrganizationPoliciesView view = VaadinService.getCurrent().getInstantiator()
                    .createComponent(OrganizationPoliciesView.class);
            UI.getCurrent().add(view);
            _get(view, SubUserGrid.class).getDataCommunicator().setViewportRange(0, PAGE);
            views.add(view);
        }
        MockVaadin.clientRoundtrip();
        for (OrganizationPoliciesView view : views) {
            assertThat(_get(view, SubUserGrid.class).getDataCommunicator().getItemCount()).isEqualTo(SUB_USERS);
        }
        long after = liveHeap();
        assertThat(views).hasSize(VIEWS);
        return (after - before) / 1024.0 / VIEWS;
    }

    /** Used heap after full collections, repeated until it stops shrinking. */
    private static long liveHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = memory.getHeapMemoryUsage().getUsed();
        for (int round = 0; round < 10 && used < previous - 64 * 1024; round++) {
            previous = used;
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
        }
        return used;
    }

    /** Multi-row INSERTs of 1,000 sub-users each: 10% with MFA active, 10% pending, the rest off. */
    private void insertSubUsers(long organizationId) throws SQLException {
        String domain = UUID.randomUUID().toString().substring(0, 8) + ".bench.example.com";
        Instant now = Instant.now();
        StringBuilder sql = new StringBuilder("INSERT INTO account (organization_id, email, role, console_access, mfa_state, "
                + "created_at, last_sign_in_at, version) VALUES ");
        for (int i = 0; i < ROWS_PER_INSERT; i++) {
            sql.append(i == 0 ? "" : ",").append("(?, ?, 'SUB_USER', FALSE, ?, ?, ?, 0)");
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            connection.setAutoCommit(false);
            for (int first = 0; first < SUB_USERS; first += ROWS_PER_INSERT) {
                int parameter = 1;
                for (int n = first; n < first + ROWS_PER_INSERT; n++) {
                    insert.setLong(parameter++, organizationId);
                    insert.setString(parameter++, "u%06d@%s".formatted(n, domain));
                    insert.setString(parameter++, n % 10 == 0 ? "ACTIVE" : n % 10 == 1 ? "PENDING" : "OFF");
                    insert.setTimestamp(parameter++, Timestamp.from(now.minus(Duration.ofMinutes(n))));
                    insert.setTimestamp(parameter++, n % 3 == 0 ? null
                            : Timestamp.from(now.minus(Duration.ofSeconds((n * 7919L) % 2_592_000))));
                }
                insert.executeUpdate();
            }
            connection.commit();
            connection.setAutoCommit(true);
        }
    }
}
