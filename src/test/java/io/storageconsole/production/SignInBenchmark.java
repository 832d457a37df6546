package io.storageconsole.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.BenchmarkTable;
import io.storageconsole.testing.ProductionConsole;
import io.storageconsole.testing.ProductionJar;
import io.storageconsole.testing.ServerTimes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Sign-in cost over HTTP against the production jar; run by {@code benchmarks/run} (see BENCHMARKS.md). */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SignInBenchmark {

    @Test
    void a_sign_in_costs_little_more_than_its_argon2_check_and_its_code_step_little_more_than_a_totp_check() {
        ServerTimes serverTimes = new ServerTimes(Path.of("target/benchmark-console-access-log"));
        List<String> jvmOptions = SignInMeasurement.jvmOptions(serverTimes);
        // Diagnosis only, e.g. -Dbenchmark.consoleJvm=-XX:StartFlightRecording=filename=target/signin.jfr
        Stream.of(System.getProperty("benchmark.consoleJvm", "").split(" ")).filter(option -> !option.isBlank()).forEach(jvmOptions::add);
        try (ProductionConsole console = ProductionConsole.start(ProductionJar.locate(), Path.of("target/benchmark-console"),
                Map.of(), jvmOptions)) {
            // Diagnosis only, e.g. -Dbenchmark.peerJar=target/baseline.jar: the same sign-ins alternate with that jar's.
            String peerJar = System.getProperty("benchmark.peerJar", "");
            ServerTimes peerTimes = new ServerTimes(Path.of("target/benchmark-console-peer-access-log"));
            try (ProductionConsole peer = peerJar.isBlank() ? null
                    : ProductionConsole.start(Path.of(peerJar).toAbsolutePath(), Path.of("target/benchmark-console-peer"), Map.of(),
                            SignInMeasurement.jvmOptions(peerTimes))) {
                // A server at its steady state: after 10 sign-ins the console's JIT was still compiling the
                // sign-in path (JFR: C2 a third of the machine), which doubled the code step (BENCHMARKS.md);
                // after 300 the code step was still 3 ms above its plateau, reached by 1,000 (decision 0059).
                int warmUps = Integer.getInteger("benchmark.signInWarmUps", 1_000);
                // Diagnosis only, e.g. -Dbenchmark.signInRuns=301 with a peer jar: enough pairs to see a tenth of a millisecond.
                BenchmarkTable table = SignInMeasurement.measure(console, serverTimes, peer, peerTimes,
                        new SignInMeasurement.Sizes(warmUps, Integer.getInteger("benchmark.signInRuns", 61)));

                assertThat(table.failed()).as(String.join("\n", table.rows())).isFalse();
            }
        }
    }
}
