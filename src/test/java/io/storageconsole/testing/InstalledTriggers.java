package io.storageconsole.testing;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A trigger as the migrations left it installed, for a benchmark that swaps in older versions and
 * must put back whatever the newest migration wrote, not a version named in the benchmark.
 */
public final class InstalledTriggers {

    private InstalledTriggers() {
    }

    /** The trigger's statement as {@code CREATE OR REPLACE TRIGGER …}, without its definer. */
    public static String current(JdbcClient jdbc, String trigger) {
        String created = jdbc.sql("SHOW CREATE TRIGGER " + trigger).query((rs, n) -> rs.getString("SQL Original Statement")).single();
        return created.replaceFirst("^CREATE\\s+(DEFINER=\\S+\\s+)?TRIGGER", "CREATE OR REPLACE TRIGGER");
    }
}
