package io.storageconsole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The production jar ({@code mvn -B -Pproduction package}) for tests and benchmarks that run the
 * console as operators do: {@link #locate()} builds it (or finds it built from the same sources)
 * and {@link #start} runs it as a separate {@code java -jar} process. See
 * docs/decisions/0014-production-jar-profiles-and-benchmarks.md.
 * <p>
 * The jar is built by a nested Maven run in {@code target/production-build}, on a copy of the
 * sources, so that it never writes into the {@code target/} of the build that runs the tests.
 * {@code -Dconsole.production-jar=path} uses a jar built elsewhere instead.
 */
public final class ProductionJar {

    public static final String JAR_PROPERTY = "console.production-jar";
    /** The JVM option that adds jars to a console's classpath ({@link #start}). */
    public static final String LOADER_PATH = "-Dloader.path=";
    private static final Path BUILD = Path.of("target/production-build");
    private static final List<String> SOURCES = List.of("pom.xml", "src/main", "db", "frontend/themes");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ProductionJar() {
    }

    /** The production jar: the one named by {@value #JAR_PROPERTY}, or one built now unless the sources are unchanged. */
    public static synchronized Path locate() {
        String given = System.getProperty(JAR_PROPERTY);
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        try {
            String fingerprint = fingerprint();
            Path stamp = BUILD.resolve("sources.sha256");
            Path jar = builtJar();
            if (jar != null && Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
                return jar.toAbsolutePath();
            }
            build();
            Files.writeString(stamp, fingerprint);
            return builtJar().toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code java [jvmOptions] -jar jar} with {@code environment} added to this process's,
     * on a free port unless the environment names {@code PORT}, and waits until the sign-in page answers.
     * When the options name {@value #LOADER_PATH}{@code …} (jars to add to the console's classpath, as
     * the benchmark's {@link CryptoFloorProbe}), the jar starts through Spring Boot's PropertiesLauncher
     * instead, the launcher that reads it ({@code java -jar} ignores it).
     */
    public static Running start(Path jar, Map<String, String> environment, List<String> jvmOptions, Duration timeout) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        int port = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : freePort();
        env.put("PORT", String.valueOf(port));
        env.put("SERVER_PORT", String.valueOf(port));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (jvmOptions.stream().anyMatch(option -> option.startsWith(LOADER_PATH))) {
            command.addAll(List.of("-cp", jar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.add("-jar");
            command.add(jar.toString());
        }
        try {
            Path log = Files.createTempFile(Path.of("target"), "production-jar-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            long started = System.nanoTime();
            Process process = builder.start();
            Running running = new Running(process, port, log);
            running.awaitSignInPage(started, timeout);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running console process; closing it stops it (SIGTERM, then SIGKILL after 20 s). */
    public static final class Running implements AutoCloseable {

        private final Process process;
        private final int port;
        private final Path log;
        private Duration readyAfter;

        private Running(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        public String baseUrl() {
            return "http://localhost:" + port;
        }

        public long pid() {
            return process.pid();
        }

        /** From the start of the process until the sign-in page first answered 200. */
        public Duration readyAfter() {
            return readyAfter;
        }

        public String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        private void awaitSignInPage(long started, Duration timeout) {
            long deadline = started + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The console exited with " + process.exitValue() + ":\n" + tail());
                }
                if (answers(baseUrl() + "/login")) {
                    readyAfter = Duration.ofNanos(System.nanoTime() - started);
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            close();
            throw new IllegalStateException("The console did not serve /login within " + timeout + ":\n" + tail());
        }

        private String tail() {
            String text = log();
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Class-data sharing for a jar, as Spring Boot documents it: the jar extracted into {@code dir},
     * then one training run that stops once the context is refreshed ({@code environment} must let it
     * start) and writes the archive. Returns the JVM options and the jar to run with it.
     */
    public static Cds classDataSharing(Path jar, Path dir, Map<String, String> environment) {
        try {
            deleteRecursively(dir);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            runToExit(List.of(java.toString(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", dir.toString()), Map.of());
            Path extracted = dir.resolve(jar.getFileName()).toAbsolutePath();
            Path archive = dir.resolve("application.jsa").toAbsolutePath();
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put("PORT", String.valueOf(freePort()));
            env.put("SERVER_PORT", env.get("PORT"));
            runToExit(List.of(java.toString(), "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                    "-jar", extracted.toString()), env);
            return new Cds(extracted, List.of("-XX:SharedArchiveFile=" + archive));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar extracted for class-data sharing, and the JVM options that use its archive. */
    public record Cds(Path jar, List<String> jvmOptions) {
    }

    private static void runToExit(List<String> command, Map<String, String> environment) throws IOException {
        Path log = Files.createTempFile(Path.of("target"), "cds-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code url} answers 200 right now. */
    public static boolean answers(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path builtJar() throws IOException {
        Path target = BUILD.resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(path -> path.getFileName().toString().matches("security-console-.*\\.jar")).findFirst().orElse(null);
        }
    }

    /** Copies the sources the jar is made of and runs {@code mvn -B -q -Pproduction package -DskipTests} on the copy. */
    private static void build() throws IOException {
        deleteRecursively(BUILD);
        for (String source : SOURCES) {
            copyRecursively(Path.of(source), BUILD.resolve(source));
        }
        maven(BUILD, "-Pproduction", "package", "-DskipTests");
    }

    /** Runs {@code mvn -B -q arguments} in {@code project}, its output in {@code build.log} there; fails with that log. */
    public static void maven(Path project, String... arguments) throws IOException {
        Path log = project.resolve("build.log");
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q"));
        command.addAll(List.of(arguments));
        Process maven = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!maven.waitFor(15, java.util.concurrent.TimeUnit.MINUTES) || maven.exitValue() != 0) {
                maven.destroyForcibly();
                throw new IllegalStateException(command + " failed; see " + log.toAbsolutePath()
                        + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Paths, sizes and modification times of every source file: unchanged sources, unchanged jar. */
    private static String fingerprint() throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String source : SOURCES) {
                try (Stream<Path> files = Files.walk(Path.of(source))) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        digest.update((file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis() + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
