package io.storageconsole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's own time of a request: Tomcat's access log of a console started with
 * {@link #jvmOptions}, one line per request ({@code method path status microseconds request-id}),
 * written unbuffered. The request is found by the {@code X-Request-Id} its browser sent
 * ({@link CookieBrowser#lastRequestId()}). Tomcat writes a line once the response is out, so a
 * client may read its answer first: {@link #millisOf} waits for the line.
 */
public final class ServerTimes {

    private static final Duration LINE_WAIT = Duration.ofSeconds(10);

    private final Path directory;
    private final Path log;

    /** @param directory where the console writes its access log */
    public ServerTimes(Path directory) {
        this.directory = directory.toAbsolutePath();
        this.log = this.directory.resolve("access_log.log");
    }

    /** The console's options for this log: %D is the request's time in microseconds (Tomcat 10). */
    public List<String> jvmOptions() {
        return List.of("-Dserver.tomcat.accesslog.enabled=true",
                "-Dserver.tomcat.accesslog.directory=" + directory,
                "-Dserver.tomcat.accesslog.rotate=false",
                "-Dserver.tomcat.accesslog.buffered=false",
                "-Dserver.tomcat.accesslog.pattern=%m %U %s %D %{X-Request-Id}i");
    }

    /** The server's time of the request with this id, in milliseconds. */
    public double millisOf(String requestId) {
        long deadline = System.nanoTime() + LINE_WAIT.toNanos();
        while (true) {
            for (String line : lines()) {
                String[] fields = line.split(" ");
                if (fields.length == 5 && fields[4].equals(requestId)) {
                    return Long.parseLong(fields[3]) / 1000.0;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No request " + requestId + " in " + log + " within " + LINE_WAIT);
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    private List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
