package io.storageconsole.organization.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.BenchmarkTable;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grid benchmark at a small size, in every build, so that it cannot rot; its timings are not judged. */
class SubUserGridSmokeTest extends SubUserGridMeasurement {

    @Test
    void the_grid_benchmark_runs_end_to_end_at_a_small_size_and_measures_every_figure() throws SQLException {
        BenchmarkTable table = measure(new Sizes(2_000, 1, 3, 2, 100, 3));

        // Each figure by name, with the counts the data must give: a query or a step that went
        // missing or counted wrong fails here, whatever the timings.
        assertThat(figures(table)).contains(
                "grid: count, no filter (2,000 rows)",
                "grid: count, MFA state Off (1,600 rows)",
                "grid: first page, no filter",
                "grid: count, email contains \".bench.\" (2,000 rows)",
                "grid: first deep page right after a count, MFA state Off, median of 7",
                "grid: email rank",
                "grid: MFA summary",
                "grid: live heap per open Organization-wide Policies view (2 views, outbox idle)",
                "grid: live heap per open Users view (2 views, outbox idle)",
                "grid: bulk Reset MFA of 100 users (audited and mailed per user), median of 3 resets");
    }

    private static List<String> figures(BenchmarkTable table) {
        return table.rows().stream().map(row -> row.substring(0, row.indexOf('\t'))).toList();
    }
}
