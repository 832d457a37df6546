package io.storageconsole.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.storageconsole.Application;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Another application instance in this JVM, on the test context's MariaDB and with its MFA key (the
 * same data folder), as a second node behind a load balancer would be. Its own clock is the real one.
 */
public final class SecondNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SecondNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a node on {@code port} (0 for any free port) beside the test context {@code first}. */
    public static SecondNode start(ApplicationContext first, int port, String... extraProperties) {
        return start(first, hikari(first.getBean(DataSource.class)).getJdbcUrl(), port, extraProperties);
    }

    /**
     * Starts a node on a database of its own on the test context's MariaDB server (created and
     * migrated at start), for a test that must not share the outbox or the sessions with the others.
     */
    public static SecondNode startOnOwnDatabase(ApplicationContext first, String database, String... extraProperties) {
        String url = hikari(first.getBean(DataSource.class)).getJdbcUrl();
        int path = url.indexOf('/', "jdbc:mariadb://".length());
        int query = url.indexOf('?', path);
        String own = url.substring(0, path + 1) + database + (query < 0 ? "" : url.substring(query));
        return start(first, own, 0, extraProperties);
    }

    private static SecondNode start(ApplicationContext first, String jdbcUrl, int port, String... extraProperties) {
        // Command-line arguments, because they outrank application.properties.
        HikariDataSource dataSource = hikari(first.getBean(DataSource.class));
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + dataSource.getUsername(),
                "--spring.datasource.password=" + dataSource.getPassword(),
                "--console.data-dir=" + first.getEnvironment().getRequiredProperty("console.data-dir"),
                "--console.demo-data.enabled=false",
                "--vaadin.devmode.liveReload.enabled=false",
                "--vaadin.devmode.devTools.enabled=false",
                "--spring.main.banner-mode=off",
                "--logging.level.ch.vorburger=warn"));
        for (String property : extraProperties) {
            arguments.add("--" + property);
        }
        // Vaadin installs its security context holder as the JVM-wide one on start; the test
        // context's code (CurrentAccount, TestAccounts) must keep using the first one.
        SecurityContextHolderStrategy firstHolder = SecurityContextHolder.getContextHolderStrategy();
        try {
            return new SecondNode(new SpringApplicationBuilder(Application.class)
                    .initializers(context -> context.getBeanFactory().registerSingleton("mainClassesOnly", new MainClassesOnly()))
                    .run(arguments.toArray(String[]::new)));
        } finally {
            SecurityContextHolder.setContextHolderStrategy(firstHolder);
        }
    }

    public int port() {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        SecurityContextHolderStrategy firstHolder = SecurityContextHolder.getContextHolderStrategy();
        try {
            context.close();
        } finally {
            SecurityContextHolder.setContextHolderStrategy(firstHolder);
        }
    }

    private static HikariDataSource hikari(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("The test context's data source is not a Hikari pool", e);
        }
    }

    /** The second node is the application alone: no test beans (test clock, test accounts) from the classpath. */
    private static final class MainClassesOnly extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getResource().getURL().toString().contains("/test-classes/");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MainClassesOnly;
        }

        @Override
        public int hashCode() {
            return MainClassesOnly.class.hashCode();
        }
    }
}
