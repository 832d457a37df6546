package io.storageconsole.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.BenchmarkTable;
import io.storageconsole.testing.ProductionConsole;
import io.storageconsole.testing.ProductionJar;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * 200 simulated users, arriving over a minute, then for 2 minutes against the production jar (Gatling), then the heap per
 * signed-in user; run by {@code benchmarks/run} (see BENCHMARKS.md).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class LoadBenchmark {

    @Test
    void two_hundred_users_sign_in_with_mfa_open_their_pages_and_page_the_grid_without_errors() throws Exception {
        try (ProductionConsole console = ProductionConsole.start(ProductionJar.locate(), Path.of("target/load-console"),
                // Diagnosis only, e.g. -Dbenchmark.consoleJvm=-XX:StartFlightRecording=filename=target/load.jfr
                Map.of(), Stream.of(System.getProperty("benchmark.consoleJvm", "").split(" "))
                        .filter(option -> !option.isBlank()).toList())) {
            BenchmarkTable table = LoadMeasurement.measure(console, new LoadMeasurement.Sizes(1_000, 100, 200, 60, 120, 200, 2_000));

            assertThat(table.failed()).as(String.join("\n", table.rows())).isFalse();
        }
    }
}
