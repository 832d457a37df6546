package io.storageconsole.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine's speed reading of {@code benchmarks/run}, at a small size, so that it cannot rot; no timing is judged. */
class MachineSpeedTest {

    @Test
    void a_reading_hashes_and_writes_and_leaves_no_file_behind(@TempDir Path folder) throws IOException {
        MachineSpeed.Reading reading = MachineSpeed.read(1, 5, 5, folder);

        assertThat(reading.hashMillis()).isPositive();
        assertThat(reading.syncWriteMillis()).isPositive();
        assertThat(reading.roundTripMillis()).isPositive();
        try (var left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
        assertThat(MachineSpeed.Reading.ofLine(reading.toLine())).isEqualTo(reading);
    }

    @Test
    void the_end_of_a_run_shows_each_figure_beside_the_start() {
        BenchmarkTable table = new BenchmarkTable("machine");

        MachineSpeed.addRows(table, "at the end", new MachineSpeed.Reading(30, 0.9, 0.05), new MachineSpeed.Reading(10, 0.6, 0.1));

        assertThat(table.rows()).containsExactly(
                "machine: at the end: SHA-256 of 16 MB on one core (median of the reading)\t30.0 ms\tat the start of the run 10.0 ms\t3.00×\tnone\tpass",
                "machine: at the end: one synchronous 4 KB write, forced to the disk (median of the reading)\t0.90 ms\tat the start of the run 0.60 ms\t1.50×\tnone\tpass",
                "machine: at the end: one byte to another thread and back over loopback TCP (median of the reading)\t50.0 µs\tat the start of the run 100.0 µs\t0.50×\tnone\tpass");
    }

    @Test
    void the_start_of_a_run_says_it_is_read_again_at_the_end() {
        BenchmarkTable table = new BenchmarkTable("machine");

        MachineSpeed.addRows(table, "at the start", new MachineSpeed.Reading(12, 0.25, 0.04), null);

        assertThat(table.rows()).containsExactly(
                "machine: at the start: SHA-256 of 16 MB on one core (median of the reading)\t12.0 ms\tfor scale: read again at the end of the run\t\tnone\tpass",
                "machine: at the start: one synchronous 4 KB write, forced to the disk (median of the reading)\t0.25 ms\tfor scale: read again at the end of the run\t\tnone\tpass",
                "machine: at the start: one byte to another thread and back over loopback TCP (median of the reading)\t40.0 µs\tfor scale: read again at the end of the run\t\tnone\tpass");
    }
}
