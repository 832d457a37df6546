package io.storageconsole.organization.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.BenchmarkTable;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The grid benchmark at a small size, in every build, so that it cannot rot; its timings are not judged. */
class SubUserGridSmokeTest extends SubUserGridMeasurement {

    @Test
    void the_grid_benchmark_runs_end_to_end_at_a_small_size() throws SQLException {
        BenchmarkTable table = measure(new Sizes(2_000, 1, 3, 2, 100));

        assertThat(table.rows()).hasSizeGreaterThan(10);
    }
}
