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
        double[] consoleMillis = new double[sizes.rounds()];
        double[] blankMillis = new double[sizes.rounds()];
        for (int round = 0; round < sizes.rounds(); round++) {
            consoleMillis[round] = console.restart(null, List.of()).readyAfter().toNanos() / 1e6;
            try (ProductionJar.Running blank = ProductionJar.start(blankJar, Map.of(), List.of(), java.time.Duration.ofMinutes(3))) {
                blankMillis[round] = blank.readyAfter().toNanos() / 1e6;
            }
        }
        table.ratio("ready to serve the sign-in page, java -jar (median of %d)".formatted(sizes.rounds()),
                BenchmarkTable.median(consoleMillis), "blank Vaadin + Spring Boot app", BenchmarkTable.median(blankMillis),
                START_UP_RATIO_TARGET);
        return table;
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
