package io.storageconsole.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.BenchmarkTable;
import io.storageconsole.testing.ProductionConsole;
import io.storageconsole.testing.SignInJourney;
import io.storageconsole.testing.VaadinBrowser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The load benchmark: {@link ConsoleJourneySimulation} run by Gatling (in this JVM, against the
 * production jar in its own process), then the heap per signed-in user with the console open,
 * measured in the console's JVM with {@code jcmd} after full collections.
 */
final class LoadMeasurement {

    record Sizes(int organizations, int subUsers, int users, int rampSeconds, int seconds, int heapUsers, long thinkMillis) {
    }

    private static final Path RESULTS = Path.of("target/gatling").toAbsolutePath();
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private LoadMeasurement() {
    }

    static BenchmarkTable measure(ProductionConsole console, Sizes sizes) throws IOException, InterruptedException {
        BenchmarkTable table = new BenchmarkTable("load");
        LoadDataSet.ensure(console, sizes.organizations() + sizes.heapUsers(), sizes.subUsers());
        double hashesPerSecond = argon2ChecksPerSecond(Runtime.getRuntime().availableProcessors());
        // The same journey by one user alone first: the peer of every latency under load.
        // Each run starts at other roots, so no code is typed twice within its 30 seconds.
        Stats alone = run(console, sizes, 1, Math.min(30, sizes.seconds()), sizes.organizations() / 2);
        Stats loaded = run(console, sizes, sizes.users(), sizes.seconds(), 0);
        long requests = (long) loaded.total("numberOfRequests");
        long failed = (long) (loaded.failed("numberOfRequests") + alone.failed("numberOfRequests"));
        table.info("throughput, %d users arriving over %d s, then %d s".formatted(sizes.users(), sizes.rampSeconds(), sizes.seconds()),
                "%.1f requests/s".formatted(loaded.total("meanNumberOfRequestsPerSecond")),
                "1 user alone: %.1f requests/s".formatted(alone.total("meanNumberOfRequestsPerSecond")));
        for (String[] percentile : List.of(new String[] {"p50", "percentiles1"}, new String[] {"p95", "percentiles3"},
                new String[] {"p99", "percentiles4"})) {
            double under = loaded.total(percentile[1]);
            double single = alone.total(percentile[1]);
            table.add(percentile[0] + " response time, all requests", BenchmarkTable.ms(under),
                    "1 user alone " + BenchmarkTable.ms(single), single > 0 ? "%.1f×".formatted(under / single) : "", "none", true);
        }
        table.add("failed requests", String.valueOf(failed), "of %,d requests under load".formatted(requests), "", "0",
                failed == 0 && requests > 0);
        Stats retried = loaded.ofRequest(ConsoleJourneySimulation.AGAIN);
        double again = retried == null ? 0 : retried.total("numberOfRequests");
        Stats firstTries = loaded.ofRequest("sign in: password");
        double signIns = firstTries == null ? 0 : firstTries.total("numberOfRequests");
        table.info("password steps answered \"busy\" (the hash queue full, or no hash within its wait) and sent again a moment later",
                "%.0f".formatted(again), "beside %.0f first tries; offered %.1f password checks/s on average, Argon2 alone does %.1f/s here"
                        .formatted(signIns, (signIns + again) / (sizes.rampSeconds() + sizes.seconds()), hashesPerSecond));
        if (firstTries != null) {
            // Diagnosis: how long a password step waits for its hash under load (decision 0041).
            table.info("password step (first tries) p50 / p95 / p99, waiting for a hash included",
                    "%s / %s / %s".formatted(BenchmarkTable.ms(firstTries.total("percentiles1")),
                            BenchmarkTable.ms(firstTries.total("percentiles3")), BenchmarkTable.ms(firstTries.total("percentiles4"))),
                    "the Argon2 check alone is about %s".formatted(BenchmarkTable.ms(1_000.0 * Runtime.getRuntime().availableProcessors()
                            / hashesPerSecond)));
        }
        heapPerSignedInUser(console, sizes, table);
        return table;
    }

    /**
     * How many Argon2 checks with the console's parameters this machine makes per second, one per
     * processor at once as the console's bounded encoder allows, over 5 s in this JVM: the most
     * password steps per second the console could answer if it did nothing else.
     */
    private static double argon2ChecksPerSecond(int threads) throws InterruptedException {
        String hash = ProductionConsole.hash(LoadDataSet.PASSWORD).substring(ProductionConsole.ARGON2_PREFIX.length());
        Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        for (int i = 0; i < 10; i++) {
            argon2.matches(LoadDataSet.PASSWORD, hash);
        }
        AtomicInteger checks = new AtomicInteger();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < until) {
                    if (argon2.matches(LoadDataSet.PASSWORD, hash)) {
                        checks.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return checks.get() / 5.0;
    }

    /** One Gatling run of the journey; returns its statistics of all requests. */
    private static Stats run(ProductionConsole console, Sizes sizes, int users, int seconds, int firstAccount) throws IOException {
        System.setProperty("load.first-account", String.valueOf(firstAccount));
        System.setProperty("baseUrl", console.baseUrl());
        System.setProperty("load.users", String.valueOf(users));
        System.setProperty("load.seconds", String.valueOf(seconds));
        System.setProperty("load.ramp-seconds", String.valueOf(users > 1 ? sizes.rampSeconds() : 0));
        System.setProperty("load.accounts", String.valueOf(sizes.organizations()));
        System.setProperty("load.think-millis", String.valueOf(sizes.thinkMillis()));
        Files.createDirectories(RESULTS);
        int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation", ConsoleJourneySimulation.class.getName(), "--results-folder", RESULTS.toString()});
        Stats stats = latestStats();
        System.out.printf("Gatling run of %d users for %d s: exit %d, %.0f requests%n", users, seconds, status,
                stats.total("numberOfRequests"));
        return stats;
    }

    /**
     * Signs {@code heapUsers} roots in (password and code) and leaves each with Organization-wide
     * Policies open and its first page of rows loaded, and divides the growth of the console's live
     * heap by their number.
     */
    private static void heapPerSignedInUser(ProductionConsole console, Sizes sizes, BenchmarkTable table)
            throws IOException, InterruptedException {
        long before = liveHeapKb(console.process().pid());
        List<VaadinBrowser> open = new ArrayList<>();
        for (int i = 0; i < sizes.heapUsers(); i++) {
            int number = sizes.organizations() + i;
            VaadinBrowser browser = new VaadinBrowser(console.baseUrl());
            SignInJourney.signIn(browser, LoadDataSet.rootEmail(number), LoadDataSet.PASSWORD, LoadDataSet.secret(number));
            assertThat(browser.open("organization-policies")).isEqualTo(200);
            int grid = browser.ui().first("vaadin-grid");
            browser.send(browser.ui().call(grid, "setViewportRange", 0, 50));
            if (browser.ui().hasPendingConfirmations()) {
                browser.send(browser.ui().confirmUpdates(grid));
            }
            open.add(browser);
        }
        long after = liveHeapKb(console.process().pid());
        table.info("live heap per signed-in user, console open", "%.0f KB".formatted((after - before) / (double) open.size()),
                "%d users with Organization-wide Policies open; console heap %,d KB before, %,d KB after".formatted(open.size(), before, after));
        for (VaadinBrowser browser : open) {
            browser.signOut();
        }
    }

    /** The console's used heap after two full collections, from {@code jcmd}. */
    static long liveHeapKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said nothing about the used heap");
        }
        return Long.parseLong(used.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }

    private static Stats latestStats() throws IOException {
        try (Stream<Path> runs = Files.list(RESULTS)) {
            Path latest = runs.filter(Files::isDirectory).max(Comparator.comparing(path -> path.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("Gatling wrote no results in " + RESULTS));
            return new Stats(Files.readString(latest.resolve("js/stats.js")));
        }
    }

    /**
     * The "All Requests" figures of Gatling's report ({@code js/stats.js}, a script whose first
     * {@code stats} block holds them as {@code "name": {"total": "…", "ok": "…", "ko": "…"}}).
     */
    private record Stats(String script) {

        double total(String name) {
            return value(name, "total");
        }

        double failed(String name) {
            return value(name, "ko");
        }

        /** The figures of the requests of this name, or null when none was sent. */
        Stats ofRequest(String requestName) {
            int at = script.indexOf("\"name\": \"" + requestName + "\"");
            return at < 0 ? null : new Stats(script.substring(at));
        }

        private double value(String name, String part) {
            Matcher matcher = Pattern.compile("\"" + name + "\":\\s*\\{[^}]*\"" + part + "\":\\s*\"([^\"]*)\"").matcher(script);
            if (!matcher.find()) {
                throw new IllegalStateException("Gatling's report has no " + name);
            }
            String value = matcher.group(1);
            return "-".equals(value) ? 0 : Double.parseDouble(value);
        }
    }
}
