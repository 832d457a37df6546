package io.storageconsole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * How fast the machine is while {@code benchmarks/run} runs: the same fixed work at its start and at its
 * end, printed as rows of its table. Several targets are absolute (a grid page in 25 ms, a bulk reset in 3 s,
 * the code step 5 ms above its floor), and the same console has measured two to three times slower when its
 * host was slow (BENCHMARKS.md, the tables of 2026-12-02 10:45 and 11:29). These rows show the speed of the
 * machine beside the console's figures.
 *
 * <p>Run as {@code java -Dbenchmark=true -cp target/test-classes io.storageconsole.testing.MachineSpeed start}
 * (or {@code end}); the start's reading is kept in {@code target/benchmarks/machine-start.tsv} for the end's rows.
 */
public final class MachineSpeed {

    static final Path START = BenchmarkTable.RESULTS.resolveSibling("machine-start.tsv");
    private static final int HASHED_BYTES = 16 * 1024 * 1024;
    private static final int WRITE_BYTES = 4096;

    /**
     * @param hashMillis median time to hash {@value #HASHED_BYTES} bytes with SHA-256 on one thread
     * @param syncWriteMillis median time of one synchronous 4 KB write (written, then forced to the disk)
     * @param roundTripMillis median time of one byte sent to another thread over loopback TCP and back, as a
     *                        statement goes to the database server and its answer comes back
     */
    record Reading(double hashMillis, double syncWriteMillis, double roundTripMillis) {

        String toLine() {
            return hashMillis + "\t" + syncWriteMillis + "\t" + roundTripMillis;
        }

        static Reading ofLine(String line) {
            String[] cells = line.strip().split("\t");
            return new Reading(Double.parseDouble(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]));
        }
    }

    private MachineSpeed() {
    }

    /**
     * Reads the machine's speed: {@code hashRuns} hashes, {@code writes} synchronous writes into {@code folder}
     * and {@code roundTrips} loopback round trips.
     */
    static Reading read(int hashRuns, int writes, int roundTrips, Path folder) {
        byte[] data = new byte[HASHED_BYTES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        double hash = BenchmarkTable.medianMillis(2, hashRuns, () -> sha256(data)[0]);
        return new Reading(hash, syncWriteMillis(writes, folder), roundTripMillis(roundTrips));
    }

    /** One 4 KB block written and forced to the disk, {@code writes} times after 3, into a file of {@code folder} removed after. */
    private static double syncWriteMillis(int writes, Path folder) {
        Path file = folder.resolve("machine-speed.bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer block = ByteBuffer.allocate(WRITE_BYTES);
            return BenchmarkTable.medianMillis(3, writes, () -> {
                try {
                    block.clear();
                    int written = channel.write(block);
                    channel.force(false);
                    return written;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.out.println("Could not remove " + file + ": " + e.getMessage());
            }
        }
    }

    /** One byte to a thread that echoes it, over loopback TCP, {@code runs} times after as many: the median, in milliseconds. */
    private static double roundTripMillis(int runs) {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket echo = server.accept()) {
            client.setTcpNoDelay(true);
            echo.setTcpNoDelay(true);
            Thread echoing = new Thread(() -> {
                try {
                    int b;
                    while ((b = echo.getInputStream().read()) >= 0) {
                        echo.getOutputStream().write(b);
                    }
                } catch (IOException e) {
                    // The client closed its end: the reading is over.
                }
            }, "machine-speed-echo");
            echoing.setDaemon(true);
            echoing.start();
            return BenchmarkTable.medianMillis(runs, runs, () -> {
                try {
                    client.getOutputStream().write(1);
                    return client.getInputStream().read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of one reading; at the end of a run ({@code start} not null), each beside the start's. */
    static void addRows(BenchmarkTable table, String when, Reading reading, Reading start) {
        row(table, "%s: SHA-256 of 16 MB on one core (median of the reading)".formatted(when),
                reading, start, Reading::hashMillis, BenchmarkTable::ms);
        row(table, "%s: one synchronous 4 KB write, forced to the disk (median of the reading)".formatted(when),
                reading, start, Reading::syncWriteMillis, BenchmarkTable::ms);
        // Tens of microseconds: in milliseconds with two decimals, a round trip twice as long could print the same.
        row(table, "%s: one byte to another thread and back over loopback TCP (median of the reading)".formatted(when),
                reading, start, Reading::roundTripMillis, millis -> "%.1f µs".formatted(millis * 1000));
    }

    private static void row(BenchmarkTable table, String figure, Reading reading, Reading start,
                            ToDoubleFunction<Reading> figureOf, DoubleFunction<String> format) {
        double millis = figureOf.applyAsDouble(reading);
        if (start == null) {
            table.info(figure, format.apply(millis), "for scale: read again at the end of the run");
        } else {
            double startMillis = figureOf.applyAsDouble(start);
            table.add(figure, format.apply(millis), "at the start of the run " + format.apply(startMillis),
                    "%.2f×".formatted(millis / startMillis), "none", true);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !(args[0].equals("start") || args[0].equals("end"))) {
            throw new IllegalArgumentException("Say when: start or end");
        }
        Files.createDirectories(START.getParent());
        Reading reading = read(15, 300, 2_000, START.getParent());
        BenchmarkTable table = new BenchmarkTable("machine");
        if (args[0].equals("start")) {
            Files.writeString(START, reading.toLine(), StandardCharsets.UTF_8);
            addRows(table, "at the start", reading, null);
        } else {
            Reading start = Files.exists(START) ? Reading.ofLine(Files.readString(START)) : null;
            addRows(table, "at the end", reading, start);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
