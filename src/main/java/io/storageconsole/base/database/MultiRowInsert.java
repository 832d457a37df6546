package io.storageconsole.base.database;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Writes many rows with one {@code INSERT … VALUES (…), (…)} per chunk: one round trip and one
 * statement for the database to parse instead of one per row (a bulk reset writes thousands).
 */
public final class MultiRowInsert {

    /** Rows per statement: well below MariaDB's 65,535 placeholders for any of our tables. */
    static final int MAX_ROWS = 1000;
    private static final SqlParameterValue TYPED_NULL = new SqlParameterValue(Types.NULL, null);

    private MultiRowInsert() {
    }

    /** Inserts {@code rows} (each with one value per column, in order) into {@code table}; returns how many. */
    public static int insert(JdbcTemplate jdbc, String table, List<String> columns, List<Object[]> rows) {
        return insert(jdbc, "INSERT INTO ", table, columns, rows);
    }

    /** As {@link #insert}, but a row whose key is there already is left out (INSERT IGNORE); returns how many were new. */
    public static int insertIgnoringDuplicates(JdbcTemplate jdbc, String table, List<String> columns, List<Object[]> rows) {
        return insert(jdbc, "INSERT IGNORE INTO ", table, columns, rows);
    }

    private static int insert(JdbcTemplate jdbc, String insert, String table, List<String> columns, List<Object[]> rows) {
        int inserted = 0;
        for (int from = 0; from < rows.size(); from += MAX_ROWS) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS));
            String placeholders = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
            String sql = insert + table + " (" + String.join(", ", columns) + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), placeholders));
            List<Object> values = new ArrayList<>(chunk.size() * columns.size());
            for (Object[] row : chunk) {
                if (row.length != columns.size()) {
                    throw new IllegalArgumentException("A row of " + table + " has " + row.length + " values for "
                            + columns.size() + " columns");
                }
                for (Object value : row) {
                    // A typed null: never the driver's prepare to learn its type (decision 0046).
                    values.add(value == null ? TYPED_NULL : value);
                }
            }
            inserted += jdbc.update(sql, values.toArray());
        }
        return inserted;
    }
}
