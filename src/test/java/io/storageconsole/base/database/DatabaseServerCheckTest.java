package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseServerCheckTest {

    @Test
    void mariadb_10_11_and_newer_are_accepted() {
        assertThatCode(() -> DatabaseServerCheck.requireSupported("10.11.6-MariaDB-0+deb12u1")).doesNotThrowAnyException();
        assertThatCode(() -> DatabaseServerCheck.requireSupported("10.11.10-MariaDB")).doesNotThrowAnyException();
        assertThatCode(() -> DatabaseServerCheck.requireSupported("11.4.2-MariaDB-log")).doesNotThrowAnyException();
    }

    @Test
    void an_older_mariadb_is_refused_with_its_version_and_the_minimum() {
        assertThatThrownBy(() -> DatabaseServerCheck.requireSupported("10.6.18-MariaDB"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MariaDB 10.11 or newer").hasMessageContaining("MariaDB 10.6");
        assertThatThrownBy(() -> DatabaseServerCheck.requireSupported("10.5.25-MariaDB-log"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Upgrade");
    }

    @Test
    void mysql_is_refused_as_not_mariadb() {
        assertThatThrownBy(() -> DatabaseServerCheck.requireSupported("8.0.36"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not MariaDB");
    }
}
