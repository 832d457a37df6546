package io.storageconsole.base.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Refuses to start on a database server the console was not built for, before Flyway touches it:
 * MariaDB {@value #MINIMUM_MAJOR}.{@value #MINIMUM_MINOR} or newer (the oldest maintained long-term
 * release, and the one the tests run on), not MySQL. A clear message instead of a migration that
 * fails half-way or SQL that behaves differently.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseServerCheck {

    static final int MINIMUM_MAJOR = 10;
    static final int MINIMUM_MINOR = 11;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.\\d+.*");

    @Bean
    FlywayMigrationStrategy checkServerThenMigrate() {
        return flyway -> {
            requireSupported(versionOf(flyway.getConfiguration().getDataSource()));
            flyway.migrate();
        };
    }

    /** Throws with the reason unless {@code version} (as {@code SELECT VERSION()} says it) is a supported MariaDB. */
    static void requireSupported(String version) {
        Matcher matcher = VERSION.matcher(version == null ? "" : version);
        boolean mariaDb = version != null && version.contains("MariaDB");
        if (!mariaDb || !matcher.matches()) {
            throw new IllegalStateException("The console needs MariaDB " + MINIMUM_MAJOR + "." + MINIMUM_MINOR
                    + " or newer; the database server says it is \"" + version + "\", which is not MariaDB.");
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major < MINIMUM_MAJOR || (major == MINIMUM_MAJOR && minor < MINIMUM_MINOR)) {
            throw new IllegalStateException("The console needs MariaDB " + MINIMUM_MAJOR + "." + MINIMUM_MINOR
                    + " or newer; the database server is MariaDB " + major + "." + minor + " (" + version + "). Upgrade it first.");
        }
    }

    private static String versionOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT VERSION()")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot ask the database server for its version", e);
        }
    }
}
