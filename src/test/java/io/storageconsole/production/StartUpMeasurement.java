package io.storageconsole.production;

import io.storageconsole.testing.BenchmarkTable;
import io.storageconsole.testing.ProductionConsole;
import io.storageconsole.testing.ProductionJar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.SpringBootVersion;

/**
 * Start-up of the production jar until it serves the sign-in page, beside a blank Vaadin + Spring
 * Boot application of the same versions (generated and built under {@code target/blank-app}),
 * started in turns in the same run so that both meet the same machine. Also the jar's size.
 */
final class StartUpMeasurement {

    record Sizes(int rounds) {
    }

    static final double START_UP_RATIO_TARGET = 1.3;
    static final double JAR_TARGET_MB = 80;
    private static final Path BLANK = Path.of("target/blank-app");

    private StartUpMeasurement() {
    }

    static BenchmarkTable measure(ProductionConsole console, Path consoleJar, Sizes sizes) throws IOException {
        BenchmarkTable table = new BenchmarkTable("start-up");
        Path blankJar = blankApp();
        double consoleMb = Files.size(consoleJar) / 1024.0 / 1024.0;
        table.atMost("production jar size", consoleMb, "MB", "blank Vaadin app's jar %.0f MB".formatted(Files.size(blankJar) / 1024.0 / 1024.0),
                JAR_TARGET_MB);
        ProductionJar.Cds consoleCds = ProductionJar.classDataSharing(consoleJar, Path.of("target/cds/console"), console.environment());
        ProductionJar.Cds blankCds = ProductionJar.classDataSharing(blankJar, Path.of("target/cds/blank"), Map.of());
        double[] consoleMillis = new double[sizes.rounds()];
        double[] consoleCdsMillis = new double[sizes.rounds()];
        double[] blankMillis = new double[sizes.rounds()];
        double[] blankCdsMillis = new double[sizes.rounds()];
        // In turns, so that a busier minute of the machine falls on every variant alike.
        for (int round = 0; round < sizes.rounds(); round++) {
            consoleMillis[round] = console.restart(null, List.of()).readyAfter().toNanos() / 1e6;
            consoleCdsMillis[round] = console.restart(consoleCds.jar(), consoleCds.jvmOptions()).readyAfter().toNanos() / 1e6;
            blankMillis[round] = readyAfter(blankJar, List.of());
            blankCdsMillis[round] = readyAfter(blankCds.jar(), blankCds.jvmOptions());
        }
        String rounds = " (median of %d)".formatted(sizes.rounds());
        table.ratio("ready to serve the sign-in page, with class-data sharing as README deploys it" + rounds,
                BenchmarkTable.median(consoleCdsMillis), "blank Vaadin + Spring Boot app, java -jar", BenchmarkTable.median(blankMillis),
                START_UP_RATIO_TARGET);
        table.add("ready to serve the sign-in page, plain java -jar" + rounds, BenchmarkTable.ms(BenchmarkTable.median(consoleMillis)),
                "blank app, java -jar " + BenchmarkTable.ms(BenchmarkTable.median(blankMillis)),
                "%.2f×".formatted(BenchmarkTable.median(consoleMillis) / BenchmarkTable.median(blankMillis)),
                "none (the target is as deployed)", true);
        table.info("ready to serve, blank app with class-data sharing" + rounds,
                BenchmarkTable.ms(BenchmarkTable.median(blankCdsMillis)), "for scale: both with class-data sharing, the console is %.2f×"
                        .formatted(BenchmarkTable.median(consoleCdsMillis) / BenchmarkTable.median(blankCdsMillis)));
        return table;
    }

    private static double readyAfter(Path jar, List<String> jvmOptions) {
        try (ProductionJar.Running running = ProductionJar.start(jar, Map.of(), jvmOptions, java.time.Duration.ofMinutes(3))) {
            return running.readyAfter().toNanos() / 1e6;
        }
    }

    /** The blank application's jar, generated from src/test/resources/blank-app and built once. */
    static Path blankApp() throws IOException {
        Path jar = BLANK.resolve("target/blank-app-1.jar");
        if (Files.exists(jar)) {
            return jar.toAbsolutePath();
        }
        writeBlankProject();
        ProductionJar.maven(BLANK, "package", "-DskipTests");
        return jar.toAbsolutePath();
    }

    /** The blank project's files, with the console's Spring Boot and Vaadin versions filled in. */
    static void writeBlankProject() throws IOException {
        String pom = resource("/blank-app/pom.xml")
                .replace("@spring-boot.version@", SpringBootVersion.getVersion())
                .replace("@vaadin.version@", vaadinVersion());
        Files.createDirectories(BLANK.resolve("src/main/java/blank"));
        Files.writeString(BLANK.resolve("pom.xml"), pom);
        Files.writeString(BLANK.resolve("src/main/java/blank/Application.java"), resource("/blank-app/Application.java.txt"));
    }

    /** The console's Vaadin platform version, as its pom.xml names it. */
    private static String vaadinVersion() throws IOException {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("<vaadin.version>([^<]+)</vaadin.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        if (!version.find()) {
            throw new IllegalStateException("pom.xml names no vaadin.version");
        }
        return version.group(1);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StartUpMeasurement.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
