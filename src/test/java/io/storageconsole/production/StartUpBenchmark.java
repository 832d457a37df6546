package io.storageconsole.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.BenchmarkTable;
import io.storageconsole.testing.ProductionConsole;
import io.storageconsole.testing.ProductionJar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Start-up and size of the production jar beside a blank Vaadin app; run by {@code benchmarks/run} (see BENCHMARKS.md). */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class StartUpBenchmark {

    @Test
    void the_console_starts_nearly_as_fast_as_a_blank_vaadin_application() throws Exception {
        Path jar = ProductionJar.locate();
        try (ProductionConsole console = ProductionConsole.start(jar, Path.of("target/benchmark-console"), Map.of(), List.of())) {
            BenchmarkTable table = StartUpMeasurement.measure(console, jar, new StartUpMeasurement.Sizes(5));

            assertThat(table.failed()).as(String.join("\n", table.rows())).isFalse();
        }
    }
}
