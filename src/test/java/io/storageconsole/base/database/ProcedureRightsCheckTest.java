package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.storageconsole.testing.IntegrationTest;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The start refuses an application user that may read and write rows but not run the console's
 * stored procedures, the grants the README gave before V145, and names the grant it needs.
 */
class ProcedureRightsCheckTest extends IntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_user_with_row_rights_only_is_refused_with_the_grant_it_needs_and_accepted_once_it_has_it() throws Exception {
        String user = "rows_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        String database = jdbc.sql("SELECT DATABASE()").query(String.class).single();
        jdbc.sql("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'").update();
        try {
            jdbc.sql("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + database + "`.* TO '" + user + "'@'127.0.0.1'").update();
            // As an operator's user connects: it may not create the database, which the embedded default's URL asks.
            String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl().replace("createDatabaseIfNotExist=true", "");
            DataSource rowsOnly = new DriverManagerDataSource(url, user, password);

            assertThatThrownBy(() -> DatabaseServerCheck.requireProcedureRights(rowsOnly))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("GRANT EXECUTE ON `" + database + "`.* TO '" + user + "'@'127.0.0.1';");

            jdbc.sql("GRANT EXECUTE ON `" + database + "`.* TO '" + user + "'@'127.0.0.1'").update();
            assertThatCode(() -> DatabaseServerCheck.requireProcedureRights(rowsOnly)).doesNotThrowAnyException();
        } finally {
            jdbc.sql("DROP USER '" + user + "'@'127.0.0.1'").update();
        }
    }
}
