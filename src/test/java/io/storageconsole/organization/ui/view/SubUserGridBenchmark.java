package io.storageconsole.organization.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.BenchmarkTable;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The sub-user grids with one organization of 100,000 sub-users. Not part of {@code mvn -B test}:
 * {@code benchmarks/run} runs it with {@code -Dbenchmark=true} (see BENCHMARKS.md).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SubUserGridBenchmark extends SubUserGridMeasurement {

    static {
        // Production never runs Vaadin's development-mode component tracker, which keeps a stack of
        // locations for every component; measuring with it would count the tracker, not the view.
        if ("true".equals(System.getProperty("benchmark"))) {
            System.setProperty("vaadin.devmode.componentTracker.enabled", "false");
        }
    }

    @Test
    void one_organization_of_100000_sub_users_pages_counts_and_opens_within_the_targets() throws SQLException {
        BenchmarkTable table = measure(new Sizes(100_000, 20, 31, 40, 10_000, 5));

        assertThat(table.failed()).as("every grid target met: " + String.join("\n", table.rows())).isFalse();
    }
}
