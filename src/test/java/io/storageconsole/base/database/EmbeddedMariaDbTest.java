package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The laptop default keeps its data across a stop and a start, as the README promises. */
class EmbeddedMariaDbTest {

    @Test
    void a_row_written_before_a_restart_is_there_after_it() throws SQLException {
        Path dataDir = Path.of("target/embedded-restart-" + System.nanoTime());
        EmbeddedMariaDb first = new EmbeddedMariaDb(dataDir, 0);
        first.start();
        try (Connection connection = DriverManager.getConnection(first.jdbcUrl("restart"), "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivor (name VARCHAR(40))");
            statement.execute("INSERT INTO survivor VALUES ('Created before the restart')");
        } finally {
            first.stop();
        }

        EmbeddedMariaDb second = new EmbeddedMariaDb(dataDir, 0);
        second.start();
        try (Connection connection = DriverManager.getConnection(second.jdbcUrl("restart"), "root", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM survivor")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("Created before the restart");
        } finally {
            second.stop();
        }
    }
}
