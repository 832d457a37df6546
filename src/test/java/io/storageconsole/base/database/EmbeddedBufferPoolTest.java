package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class EmbeddedBufferPoolTest extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void the_embedded_server_caches_512_mb_of_pages_not_mariadbs_default_128() {
        long bytes = jdbc.sql("SELECT @@innodb_buffer_pool_size").query(Long.class).single();
        assertThat(bytes).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    void a_buffer_pool_size_that_is_not_a_size_is_refused_with_what_one_looks_like() {
        assertThat(EmbeddedMariaDb.bufferPoolSize("1G")).isEqualTo("--innodb-buffer-pool-size=1G");
        assertThatThrownBy(() -> EmbeddedMariaDb.bufferPoolSize("512M --skip-grant-tables"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("such as 512M");
    }
}
