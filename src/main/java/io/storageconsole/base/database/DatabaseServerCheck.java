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
 * fails half-way or SQL that behaves differently. After the migrations, it refuses an application
 * user that may not run the console's stored procedures: every sign-in calls one (V145), and
 * without {@code EXECUTE} every sign-in would fail instead of the start.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseServerCheck {

    static final int MINIMUM_MAJOR = 10;
    static final int MINIMUM_MINOR = 11;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.\\d+.*");

    /** MariaDB's "execute command denied to user ... for routine ...". */
    static final int PROCEDURE_ACCESS_DENIED = 1370;

    @Bean
    FlywayMigrationStrategy checkServerThenMigrate(DataSource application) {
        return flyway -> {
            requireSupported(versionOf(flyway.getConfiguration().getDataSource()));
            flyway.migrate();
            // The application's user, which is not Flyway's where the migrations run as a user of their own (README).
            requireProcedureRights(application);
        };
    }

    /**
     * Throws with the grant it lacks unless the user of {@code dataSource} may run the console's
     * stored procedures; an upgrade from a release before V145 needs that grant (README, Production).
     */
    static void requireProcedureRights(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String user;
            String database;
            try (ResultSet who = statement.executeQuery("SELECT CURRENT_USER(), DATABASE()")) {
                who.next();
                user = who.getString(1);
                database = who.getString(2);
            }
            try {
                // Counts nothing: no counter has a null key.
                statement.execute("CALL attempt_count(NULL, NULL, 1, NULL, 1, 1, NULL, @counted)");
            } catch (SQLException e) {
                if (e.getErrorCode() != PROCEDURE_ACCESS_DENIED) {
                    throw e;
                }
                throw new IllegalStateException("The console's database user " + user + " may not run the console's stored "
                        + "procedures, which every sign-in calls. Grant it as an administrator (the migration user may not grant): GRANT "
                        + "EXECUTE ON `" + database + "`.* TO " + quoted(user) + ";", e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check that the console's database user may run its stored procedures", e);
        }
    }

    /** user@host as CURRENT_USER() says it, as GRANT takes it: 'user'@'host'. */
    private static String quoted(String user) {
        int at = user.lastIndexOf('@');
        return at < 0 ? "'" + user + "'" : "'" + user.substring(0, at) + "'@'" + user.substring(at + 1) + "'";
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
