package io.storageconsole.cluster;

import static org.awaitility.Awaitility.await;

import io.storageconsole.testing.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Three MariaDB Galera nodes from Debian's packages on loopback ports, each with its own data folder
 * under {@code target/cluster}: node 0 bootstraps the cluster, nodes 1 and 2 join by state transfer
 * (mariabackup). A node can be killed with SIGKILL and started again, and rejoins by IST.
 * The settings are those the README's production guide asks for.
 */
final class GaleraCluster implements AutoCloseable {

    static final int NODES = 3;
    static final String DATABASE = "console";
    static final String APP_USER = "console";
    static final String APP_PASSWORD = "app-Passw0rd-cluster";
    static final String MIGRATION_USER = "console_migrator";
    static final String MIGRATION_PASSWORD = "migrate-Passw0rd-cluster";

    private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Path GALERA = Path.of("/usr/lib/galera/libgalera_smm.so");
    private static final Path MARIABACKUP = Path.of("/usr/bin/mariadb-backup");
    private static final Path SOCAT = Path.of("/usr/bin/socat");
    private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(3);

    private final Path base;
    private final int basePort;
    private final Process[] processes = new Process[NODES];

    private GaleraCluster(Path base, int basePort) {
        this.base = base.toAbsolutePath();
        this.basePort = basePort;
    }

    /** What is missing of Debian's mariadb-server, mariadb-backup and galera-4 (and socat, which SST needs). */
    static List<String> missingPackages() {
        Map<Path, String> needed = new LinkedHashMap<>();
        needed.put(MARIADBD, "mariadb-server");
        needed.put(INSTALL_DB, "mariadb-server");
        needed.put(GALERA, "galera-4");
        needed.put(MARIABACKUP, "mariadb-backup");
        needed.put(SOCAT, "socat");
        return needed.entrySet().stream().filter(entry -> !Files.exists(entry.getKey()))
                .map(entry -> entry.getValue() + " (" + entry.getKey() + ")").distinct().toList();
    }

    /** Starts the three nodes afresh, waits until they form one synced cluster, and creates the database and its users. */
    static GaleraCluster start(Path base, int basePort) {
        GaleraCluster cluster = new GaleraCluster(base, basePort);
        cluster.stopLeftoversOfAnEarlierRun();
        cluster.requireFreePorts();
        Folders.deleteRecursively(cluster.base);
        for (int node = 0; node < NODES; node++) {
            cluster.install(node);
        }
        cluster.startNode(0, true);
        cluster.awaitSynced(List.of(0));
        cluster.startNode(1, false);
        cluster.startNode(2, false);
        cluster.awaitSynced(List.of(0, 1, 2));
        cluster.createDatabaseAndUsers();
        return cluster;
    }

    int sqlPort(int node) {
        return basePort + node;
    }

    /**
     * The URL an application node uses: every database node, its own first, tried in order
     * ({@code sequential}), so that it fails over when its node goes away. Reads wait until the node
     * has applied what other nodes committed before ({@code wsrep_sync_wait=1}; {@code -Dcluster.sync-wait}
     * sets another mask for experiments).
     */
    String applicationUrl(int firstNode) {
        String hosts = IntStream.range(0, NODES).map(i -> (firstNode + i) % NODES)
                .mapToObj(node -> "127.0.0.1:" + sqlPort(node)).collect(Collectors.joining(","));
        return "jdbc:mariadb:sequential://" + hosts + "/" + DATABASE + "?sessionVariables=wsrep_sync_wait="
                + Integer.getInteger("cluster.sync-wait", 1);
    }

    /** The database on one node as root, each read waiting until the node applied what the cluster committed before it. */
    JdbcClient rootCausal(int node) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:mariadb://127.0.0.1:" + sqlPort(node) + "/"
                + DATABASE + "?connectTimeout=2000&sessionVariables=wsrep_sync_wait=1", "root", "");
        dataSource.setDriverClassName("org.mariadb.jdbc.Driver");
        return JdbcClient.create(dataSource);
    }

    /** The database on one node as root, for test data and checks. */
    JdbcClient root(int node) {
        return JdbcClient.create(dataSource(node, DATABASE, "root", ""));
    }

    /** Kills a node the hard way (SIGKILL), as a crash or a pulled cable would. */
    void kill(int node) {
        Process process = processes[node];
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes[node] = null;
    }

    /** Starts a killed node again and waits until the cluster is whole and synced. */
    void restart(int node) {
        startNode(node, false);
        awaitSynced(List.of(0, 1, 2));
    }

    /** How many nodes a node sees in its cluster, and whether it is synced; empty when it does not answer. */
    Optional<String> status(int node) {
        try (Connection connection = connect(node, "", "root", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN "
                     + "('wsrep_cluster_size', 'wsrep_ready', 'wsrep_local_state_comment')")) {
            Map<String, String> status = new LinkedHashMap<>();
            while (rows.next()) {
                status.put(rows.getString(1), rows.getString(2));
            }
            return Optional.of(status.get("wsrep_cluster_size") + " nodes, ready " + status.get("wsrep_ready")
                    + ", " + status.get("wsrep_local_state_comment"));
        } catch (SQLException notUp) {
            return Optional.empty();
        }
    }

    private void awaitSynced(List<Integer> nodes) {
        String synced = nodes.size() + " nodes, ready ON, Synced";
        await("Galera nodes " + nodes + " synced in one cluster").atMost(JOIN_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    for (int node : nodes) {
                        if (processes[node] != null && !processes[node].isAlive()) {
                            throw new IllegalStateException("Galera node " + node + " exited; see " + dataDir(node).resolve("error.log"));
                        }
                    }
                    return nodes.stream().allMatch(node -> status(node).filter(synced::equals).isPresent());
                });
    }

    private void install(int node) {
        Path dataDir = dataDir(node);
        Shell.run(base, List.of(INSTALL_DB.toString(), "--no-defaults", "--user=root", "--datadir=" + dataDir,
                "--auth-root-authentication-method=normal", "--skip-test-db"), base.resolve("install-" + node + ".log"));
        writeConfiguration(node);
    }

    /**
     * The node's my.cnf. Beside Galera's own settings: binary logging (as production has it, for
     * backups and replicas) with log_bin_trust_function_creators, which the migration user needs for
     * V003's triggers and which is safe with row-based logging; UTC; utf8mb4. Failure detection is
     * shortened from 5 to 3 seconds, and commits are written to the OS at once but flushed each
     * second (the other nodes hold every commit), to keep the suite short.
     */
    private void writeConfiguration(int node) {
        Path dataDir = dataDir(node);
        String configuration = String.join("\n",
                "[mysqld]",
                "user=root",
                "datadir=" + dataDir,
                "port=" + sqlPort(node),
                "bind-address=127.0.0.1",
                "socket=" + dataDir.resolve("mysqld.sock"),
                "pid-file=" + dataDir.resolve("mysqld.pid"),
                "log-error=" + dataDir.resolve("error.log"),
                "skip-name-resolve",
                "performance-schema=OFF",
                "innodb-buffer-pool-size=96M",
                "innodb-log-file-size=48M",
                "innodb-flush-log-at-trx-commit=2",
                "max-connections=300",
                "default-time-zone=+00:00",
                "character-set-server=utf8mb4",
                "collation-server=utf8mb4_unicode_ci",
                "log-bin=binlog",
                "binlog-format=ROW",
                "log-bin-trust-function-creators=1",
                "innodb-autoinc-lock-mode=2",
                "default-storage-engine=InnoDB",
                "wsrep-on=ON",
                "wsrep-provider=" + GALERA,
                "wsrep-cluster-name=console-cluster-test",
                "wsrep-cluster-address=gcomm://" + IntStream.range(0, NODES)
                        .mapToObj(other -> "127.0.0.1:" + gcommPort(other)).collect(Collectors.joining(",")),
                "wsrep-node-name=db" + node,
                "wsrep-node-address=127.0.0.1",
                "wsrep-provider-options=\"gmcast.listen_addr=tcp://127.0.0.1:" + gcommPort(node)
                        + ";ist.recv_addr=127.0.0.1:" + (basePort + 20 + node)
                        + ";gcache.size=128M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S\"",
                "wsrep-sst-receive-address=127.0.0.1:" + (basePort + 30 + node),
                "wsrep-sst-method=mariabackup",
                "wsrep-sst-auth=root:",
                "",
                "[sst]",
                "sst-syslog=-1",
                "sst-log-archive=0",
                "");
        try {
            Files.writeString(configurationFile(node), configuration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startNode(int node, boolean bootstrap) {
        List<String> command = new ArrayList<>(List.of(MARIADBD.toString(), "--defaults-file=" + configurationFile(node)));
        if (bootstrap) {
            command.add("--wsrep-new-cluster");
        }
        try {
            processes[node] = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("db" + node + ".out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Galera node " + node, e);
        }
    }

    /**
     * A database for the console, a migration user for Flyway (DDL and triggers on this database
     * only) and the application's user, which may only read and write rows and run the procedures the
     * migrations created (README, Production).
     */
    private void createDatabaseAndUsers() {
        JdbcClient server = JdbcClient.create(dataSource(0, "", "root", ""));
        server.sql("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").update();
        server.sql("CREATE USER '" + MIGRATION_USER + "'@'127.0.0.1' IDENTIFIED BY '" + MIGRATION_PASSWORD + "'").update();
        server.sql("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, TRIGGER, CREATE ROUTINE, ALTER ROUTINE, EXECUTE ON "
                + DATABASE + ".* TO '" + MIGRATION_USER + "'@'127.0.0.1'").update();
        server.sql("CREATE USER '" + APP_USER + "'@'127.0.0.1' IDENTIFIED BY '" + APP_PASSWORD + "'").update();
        server.sql("GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON " + DATABASE + ".* TO '" + APP_USER + "'@'127.0.0.1'").update();
    }

    DataSource dataSource(int node, String database, String user, String password) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:mariadb://127.0.0.1:" + sqlPort(node) + "/" + database + "?connectTimeout=2000", user, password);
        dataSource.setDriverClassName("org.mariadb.jdbc.Driver");
        return dataSource;
    }

    /** A connection of its own to the database on one node, as root, autocommit. */
    Connection connection(int node) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + sqlPort(node) + "/" + DATABASE + "?connectTimeout=2000", "root", "");
    }

    private Connection connect(int node, String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + sqlPort(node) + "/" + database
                + "?connectTimeout=1000&socketTimeout=5000", user, password);
    }

    private int gcommPort(int node) {
        return basePort + 10 + node;
    }

    private Path dataDir(int node) {
        return base.resolve("db" + node);
    }

    private Path configurationFile(int node) {
        return base.resolve("db" + node + ".cnf");
    }

    /** Stops the nodes (SIGTERM, then SIGKILL for one that does not stop in 30 seconds). */
    @Override
    public void close() {
        for (int node = 0; node < NODES; node++) {
            Process process = processes[node];
            if (process != null) {
                process.destroy();
            }
        }
        for (int node = 0; node < NODES; node++) {
            Process process = processes[node];
            if (process == null) {
                continue;
            }
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            processes[node] = null;
        }
    }

    /** A run killed before its cleanup leaves nodes behind; their pid files name them. Only our own are stopped. */
    private void stopLeftoversOfAnEarlierRun() {
        for (int node = 0; node < NODES; node++) {
            Path pidFile = dataDir(node).resolve("mysqld.pid");
            if (!Files.exists(pidFile)) {
                continue;
            }
            try {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                String dataDirArgument = configurationFile(node).toString();
                ProcessHandle.of(pid)
                        .filter(handle -> handle.info().commandLine().orElse("").contains(dataDirArgument))
                        .ifPresent(handle -> {
                            handle.destroyForcibly();
                            handle.onExit().join();
                        });
            } catch (IOException | NumberFormatException unreadable) {
                // Nothing we started can be named from it.
            }
        }
    }

    private void requireFreePorts() {
        for (int node = 0; node < NODES; node++) {
            for (int port : new int[] {sqlPort(node), gcommPort(node), basePort + 20 + node, basePort + 30 + node}) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    throw new IllegalStateException("Port " + port + " for Galera node " + node
                            + " is taken; set -Dcluster.base-port to another free range", taken);
                }
            }
        }
    }
}
