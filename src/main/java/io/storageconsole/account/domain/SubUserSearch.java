package io.storageconsole.account.domain;

import io.storageconsole.base.database.SqlPatterns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the sub-user grids: pages, counts, the MFA summary and the export stream, each on an
 * index of V020, none of them holding more than a page of rows in memory. The query's order and
 * filters are chosen from fixed lists; user input only ever travels as a parameter.
 */
@Repository
public class SubUserSearch {

    private static final String ROW_COLUMNS = "a.id, a.email, a.console_access AND a.password_hash IS NOT NULL AS console_login, "
            + "a.mfa_state, a.last_sign_in_at, a.created_at, a.version";
    /** Rows per network round trip while exporting; with a fetch size MariaDB Connector/J streams. */
    private static final int STREAM_FETCH_SIZE = 500;

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;

    SubUserSearch(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        JdbcTemplate streamingTemplate = new JdbcTemplate(dataSource);
        streamingTemplate.setFetchSize(STREAM_FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(streamingTemplate);
    }

    /**
     * Rows {@code offset} to {@code offset + limit} of the query. A deferred join: the inner query
     * skips over ids on a covering index alone, the outer one reads the full rows of the page only.
     */
    public List<SubUserRow> page(long organizationId, SubUserQuery query, long offset, int limit) {
        return window(organizationId, query, query, offset, limit);
    }

    /**
     * The page that ends {@code rowsAfter} rows before the last row, in the query's order. Skipping
     * from the far end keeps the last pages as quick as the first ones.
     */
    public List<SubUserRow> pageFromEnd(long organizationId, SubUserQuery query, long rowsAfter, int limit) {
        return window(organizationId, query, query.reversed(), rowsAfter, limit);
    }

    public long count(long organizationId, SubUserQuery query) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT COUNT(*) FROM account a WHERE " + where(organizationId, query, params);
        Long count = jdbc.queryForObject(sql, params, Long.class);
        return count == null ? 0 : count;
    }

    public MfaCounts mfaCounts(long organizationId) {
        Map<MfaState, Long> counts = new EnumMap<>(MfaState.class);
        jdbc.query("SELECT mfa_state, COUNT(*) FROM account WHERE organization_id = :organizationId AND role = :role GROUP BY mfa_state",
                Map.of("organizationId", organizationId, "role", AccountRole.SUB_USER.name()),
                (RowCallbackHandler) rs -> counts.put(MfaState.valueOf(rs.getString(1)), rs.getLong(2)));
        return new MfaCounts(counts.getOrDefault(MfaState.ACTIVE, 0L), counts.getOrDefault(MfaState.PENDING, 0L),
                counts.getOrDefault(MfaState.OFF, 0L));
    }

    /** Every row of the query in its order, handed to {@code action} one by one as the database streams them. */
    public void forEach(long organizationId, SubUserQuery query, Consumer<SubUserRow> action) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT " + ROW_COLUMNS + " FROM account a WHERE " + where(organizationId, query, params)
                + " ORDER BY " + query.order().orderBy("a.", query.descending());
        streaming.query(sql, params, (RowCallbackHandler) rs -> action.accept(row(rs, rs.getRow())));
    }

    private List<SubUserRow> window(long organizationId, SubUserQuery query, SubUserQuery scan, long skip, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("limit", limit)
                .addValue("offset", skip);
        String sql = "SELECT " + ROW_COLUMNS
                + " FROM (SELECT a.id FROM account a WHERE " + where(organizationId, query, params)
                + " ORDER BY " + scan.order().orderBy("a.", scan.descending())
                + " LIMIT :limit OFFSET :offset) page"
                + " JOIN account a ON a.id = page.id"
                + " ORDER BY " + query.order().orderBy("a.", query.descending());
        return jdbc.query(sql, params, SubUserSearch::row);
    }

    private static String where(long organizationId, SubUserQuery query, MapSqlParameterSource params) {
        params.addValue("organizationId", organizationId).addValue("role", AccountRole.SUB_USER.name());
        StringBuilder sql = new StringBuilder("a.organization_id = :organizationId AND a.role = :role");
        if (query.mfaState() != null) {
            sql.append(" AND a.mfa_state = :mfaState");
            params.addValue("mfaState", query.mfaState().name());
        }
        if (!query.emailPrefix().isEmpty()) {
            sql.append(" AND a.email LIKE :emailPattern ESCAPE '!'");
            params.addValue("emailPattern", likePrefix(query.emailPrefix()));
        }
        return sql.toString();
    }

    /** A LIKE pattern matching addresses that start with {@code prefix}, whose own % and _ match only themselves. */
    static String likePrefix(String prefix) {
        return SqlPatterns.startsWith(prefix);
    }

    private static SubUserRow row(ResultSet rs, int rowNumber) throws SQLException {
        return new SubUserRow(rs.getLong("id"), rs.getString("email"), rs.getBoolean("console_login"),
                MfaState.valueOf(rs.getString("mfa_state")), instant(rs.getTimestamp("last_sign_in_at")),
                instant(rs.getTimestamp("created_at")), rs.getInt("version"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
