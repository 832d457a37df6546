package io.storageconsole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The one table of {@code benchmarks/run}: every benchmark appends its rows to
 * {@code target/benchmarks/results.tsv} (figure, floor or peer, ratio, target, pass or fail), and
 * {@link #main} prints them all at the end. A figure never stands alone: each row names the floor
 * or peer it was measured against in the same run, or says why there is none.
 */
public final class BenchmarkTable {

    public static final Path RESULTS = Path.of("target/benchmarks/results.tsv");
    private static final String HEADING = "| figure | value | floor or peer (same run) | ratio | target | result |";

    private final String group;
    private final List<String> rows = new ArrayList<>();
    private boolean failed;

    public BenchmarkTable(String group) {
        this.group = group;
    }

    /** A figure in milliseconds against a floor or peer in milliseconds; the target is a ratio. */
    public void ratio(String figure, double millis, String peer, double peerMillis, double maxRatio) {
        double ratio = millis / peerMillis;
        add(figure, ms(millis), peer + " " + ms(peerMillis), "%.2f×".formatted(ratio), "≤ %.2f×".formatted(maxRatio),
                ratio <= maxRatio);
    }

    /** A figure with an absolute target and a floor or peer shown for scale. */
    public void atMost(String figure, double value, String unit, String peer, double max) {
        add(figure, format(value, unit), peer, "", "≤ " + format(max, unit), value <= max);
    }

    /** A figure with an absolute target and a floor or peer that it must also stay near. */
    public void atMostAndRatio(String figure, double millis, double maxMillis, String peer, double peerMillis, double maxRatio) {
        double ratio = millis / peerMillis;
        add(figure, ms(millis), peer + " " + ms(peerMillis), "%.2f×".formatted(ratio),
                "≤ %s and ≤ %.0f×".formatted(ms(maxMillis), maxRatio), millis <= maxMillis && ratio <= maxRatio);
    }

    /** A figure at most {@code maxAboveMillis} above its floor. */
    public void above(String figure, double millis, String floor, double floorMillis, double maxAboveMillis) {
        double above = millis - floorMillis;
        add(figure, ms(millis), floor + " " + ms(floorMillis), "+" + ms(above), "≤ +" + ms(maxAboveMillis), above <= maxAboveMillis);
    }

    /** A figure shown for information, with no target. */
    public void info(String figure, String value, String peer) {
        add(figure, value, peer, "", "none", true);
    }

    public void add(String figure, String value, String peer, String ratio, String target, boolean pass) {
        failed |= !pass;
        String row = String.join("\t", group + ": " + figure, value, peer, ratio, target, pass ? "pass" : "FAIL");
        rows.add(row);
        System.out.println("BENCHMARK\t" + row);
        if (!"true".equals(System.getProperty("benchmark"))) {
            // A smoke run in the ordinary build: printed, but not a figure for the table.
            return;
        }
        try {
            Files.createDirectories(RESULTS.getParent());
            Files.writeString(RESULTS, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean failed() {
        return failed;
    }

    public List<String> rows() {
        return List.copyOf(rows);
    }

    /** Median of {@code runs} timed calls after {@code warmUps} untimed ones, in milliseconds. */
    public static double medianMillis(int warmUps, int runs, LongSupplier call) {
        return medianMillisInTurn(warmUps, runs, List.of(call))[0];
    }

    /**
     * The median of each call's {@code runs} timed calls after {@code warmUps} untimed rounds, in
     * milliseconds, the calls made in turn, round by round: a change of the machine's speed meets
     * every call alike, so their ratios hold while their times drift.
     */
    public static double[] medianMillisInTurn(int warmUps, int runs, List<LongSupplier> calls) {
        double[][] millis = new double[calls.size()][runs];
        long sink = 0;
        for (int round = -warmUps; round < runs; round++) {
            for (int call = 0; call < calls.size(); call++) {
                long started = System.nanoTime();
                sink += calls.get(call).getAsLong();
                if (round >= 0) {
                    millis[call][round] = (System.nanoTime() - started) / 1_000_000.0;
                }
            }
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println("(keeps the calls from being optimised away)");
        }
        return Arrays.stream(millis).mapToDouble(BenchmarkTable::median).toArray();
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static String ms(double millis) {
        return millis >= 1000 ? "%.2f s".formatted(millis / 1000) : millis >= 10 ? "%.1f ms".formatted(millis) : "%.2f ms".formatted(millis);
    }

    private static String format(double value, String unit) {
        return "ms".equals(unit) ? ms(value) : "%,.0f %s".formatted(value, unit);
    }

    /** Prints every row recorded so far as one Markdown table, with the machine and its load. */
    public static void main(String[] args) throws IOException {
        List<String> lines = Files.exists(RESULTS) ? Files.readAllLines(RESULTS) : List.of();
        System.out.println();
        System.out.println(HEADING);
        System.out.println("|---|---:|---|---:|---|---|");
        long failures = 0;
        for (String line : lines) {
            String[] cells = line.split("\t", -1);
            System.out.println("| " + String.join(" | ", cells) + " |");
            failures += "FAIL".equals(cells[cells.length - 1]) ? 1 : 0;
        }
        System.out.printf("%n%d figures, %d failed. %s%n", lines.size(), failures, machine());
    }

    /** Cores, memory and the load average when the table is printed. */
    public static String machine() {
        String load = "";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            load = "unknown";
        }
        return "Machine: %d cores, %d MB max heap per JVM, Java %s; load average now %s."
                .formatted(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                        System.getProperty("java.version"), load);
    }
}
