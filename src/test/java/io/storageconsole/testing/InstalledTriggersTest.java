package io.storageconsole.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class InstalledTriggersTest extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Test
    void the_installed_trigger_is_read_back_as_a_statement_that_installs_it_again_unchanged() throws Exception {
        String current = InstalledTriggers.current(jdbc, "account_sub_user_updated");
        assertThat(current).startsWith("CREATE OR REPLACE TRIGGER account_sub_user_updated");

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(current);
        }

        assertThat(InstalledTriggers.current(jdbc, "account_sub_user_updated")).isEqualTo(current);
    }
}
