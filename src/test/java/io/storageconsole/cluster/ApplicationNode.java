package io.storageconsole.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The production jar running as its own process, as an application node behind a load balancer:
 * started with environment variables only (profile {@code prod}), ready once {@code /actuator/health}
 * says UP, stopped with SIGTERM or killed with SIGKILL.
 */
final class ApplicationNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private Process process;

    private ApplicationNode(String name, int port, Path log) {
        this.name = name;
        this.port = port;
        this.log = log;
    }

    static ApplicationNode start(String name, Path jar, int port, Map<String, String> environment, Path log) {
        ApplicationNode node = new ApplicationNode(name, port, log);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-Duser.timezone=UTC", "-jar", jar.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().putAll(environment);
            node.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start application node " + name, e);
        }
        return node;
    }

    void awaitHealthy(Duration timeout) {
        await("application node " + name + " healthy (log: " + log + ")").atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Application node " + name + " exited; see " + log);
                    }
                    return isHealthy();
                });
    }

    /** Until the node has logged one of the texts (it must not exit meanwhile). */
    void awaitLog(String what, Duration timeout, String... anyOf) {
        await(what + " (log: " + log + ")").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Application node " + name + " exited; see " + log);
                    }
                    String logged = logSince(0);
                    return java.util.Arrays.stream(anyOf).anyMatch(logged::contains);
                });
    }

    boolean isHealthy() {
        try {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the node's log ends now, to read later what a case made it write. */
    long logMark() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the node logged since the mark. */
    String logSince(long mark) {
        try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            byte[] written = new byte[(int) Math.max(0, file.length() - mark)];
            file.seek(mark);
            file.readFully(written);
            return new String(written, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the node the hard way (SIGKILL): requests in flight are cut off. */
    void kill() {
        process.destroyForcibly();
        waitForExit(10);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitForExit(30)) {
                process.destroyForcibly();
                waitForExit(10);
            }
        }
    }

    private boolean waitForExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
