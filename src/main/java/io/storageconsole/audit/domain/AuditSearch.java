package io.storageconsole.audit.domain;

import io.storageconsole.base.database.SqlPatterns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL of a user's security activity and of an organization's audit log: newest first, each page
 * a range of one of V125's indexes read backwards, counts capped so that none reads a whole large
 * organization (decision 0024). A user filter first lists the organization's addresses that contain
 * the text (a loose scan of the email indexes, one seek per address); a few are each a range of
 * their own, many are a filtered scan of the time index that finds matches densely.
 */
@Repository
public class AuditSearch {

    /** A count stops here: "more than 10,000" tells a person to narrow the filter, and costs a few ms. */
    public static final int COUNT_CAP = 10_000;
    /** Addresses up to this many are read as ranges of their own; more match densely enough to scan. */
    static final int FEW_ADDRESSES = 64;
    private static final int STREAM_FETCH_SIZE = 500;
    private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, id DESC";

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;

    AuditSearch(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        JdbcTemplate streamingTemplate = new JdbcTemplate(dataSource);
        streamingTemplate.setFetchSize(STREAM_FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(streamingTemplate);
    }

    /** Events about one account (it is their target), newest first: V003's (target_account_id, occurred_at). */
    public List<AuditEvent> aboutAccount(long accountId, long offset, int limit) {
        return jdbc.query("SELECT * FROM audit_event WHERE target_account_id = :accountId" + NEWEST_FIRST
                        + " LIMIT :limit OFFSET :offset",
                new MapSqlParameterSource("accountId", accountId).addValue("limit", limit).addValue("offset", offset),
                (rs, n) -> row(rs));
    }

    public List<AuditEvent> page(long organizationId, AuditQuery query, long offset, int limit) {
        Plan plan = plan(organizationId, query);
        if (plan.nothing()) {
            return List.of();
        }
        return jdbc.query(plan.select("*") + NEWEST_FIRST + " LIMIT :limit OFFSET :offset",
                plan.params().addValue("limit", limit).addValue("offset", offset), (rs, n) -> row(rs));
    }

    /** How many events match, up to {@link #COUNT_CAP} + 1 (which means "more than the cap"). */
    public long countUpToCap(long organizationId, AuditQuery query) {
        Plan plan = plan(organizationId, query);
        if (plan.nothing()) {
            return 0;
        }
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM (" + plan.select("1") + " LIMIT :cap) capped",
                plan.params().addValue("cap", COUNT_CAP + 1), Long.class);
        return count == null ? 0 : count;
    }

    /** Every matching event, newest first, handed over one at a time as the database streams them. */
    public void forEach(long organizationId, AuditQuery query, Consumer<AuditEvent> action) {
        Plan plan = plan(organizationId, query);
        if (plan.nothing()) {
            return;
        }
        streaming.query(plan.select("*") + NEWEST_FIRST, plan.params(), (RowCallbackHandler) rs -> action.accept(row(rs)));
    }

    private Plan plan(long organizationId, AuditQuery query) {
        MapSqlParameterSource params = new MapSqlParameterSource("organizationId", organizationId);
        StringBuilder where = new StringBuilder(" WHERE organization_id = :organizationId");
        String index = "ix_audit_event_organization_time";
        if (query.eventType() != null) {
            where.append(" AND event_type = :eventType");
            params.addValue("eventType", query.eventType());
            index = "ix_audit_event_organization_type_time";
        }
        if (query.from() != null) {
            where.append(" AND occurred_at >= :from");
            params.addValue("from", Timestamp.from(query.from()));
        }
        if (query.until() != null) {
            where.append(" AND occurred_at < :until");
            params.addValue("until", Timestamp.from(query.until()));
        }
        String source = "audit_event FORCE INDEX (" + index + ")";
        if (query.userContains() != null) {
            String pattern = "%" + SqlPatterns.startsWith(query.userContains());
            List<String> addresses = addressesContaining(organizationId, pattern);
            if (addresses.isEmpty()) {
                return Plan.NOTHING;
            }
            if (addresses.size() <= FEW_ADDRESSES) {
                // Each address is a range of the actor and the target index; MariaDB merges them.
                where.append(" AND (target_email IN (:addresses) OR actor_email IN (:addresses))");
                params.addValue("addresses", addresses);
                source = "audit_event";
            } else {
                where.append(" AND (target_email LIKE :pattern ESCAPE '!' OR actor_email LIKE :pattern ESCAPE '!')");
                params.addValue("pattern", pattern);
            }
        }
        return new Plan(false, source, where.toString(), params);
    }

    /**
     * The organization's distinct addresses (as actor or target) that match, at most one more than
     * {@link #FEW_ADDRESSES}: GROUP BY on the email indexes is a loose scan, one seek per address.
     */
    private List<String> addressesContaining(long organizationId, String pattern) {
        String sql = """
                SELECT email FROM (
                    SELECT target_email AS email FROM audit_event FORCE INDEX (ix_audit_event_organization_target_time)
                    WHERE organization_id = :organizationId AND target_email IS NOT NULL GROUP BY target_email
                    UNION
                    SELECT actor_email FROM audit_event FORCE INDEX (ix_audit_event_organization_actor_time)
                    WHERE organization_id = :organizationId AND actor_email IS NOT NULL GROUP BY actor_email
                ) addresses WHERE email LIKE :pattern ESCAPE '!' LIMIT :limit""";
        return new ArrayList<>(jdbc.queryForList(sql, new MapSqlParameterSource("organizationId", organizationId)
                .addValue("pattern", pattern).addValue("limit", FEW_ADDRESSES + 1), String.class));
    }

    private static AuditEvent row(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("event_type"),
                rs.getObject("actor_account_id", Long.class), rs.getString("actor_email"),
                rs.getObject("organization_id", Long.class),
                rs.getObject("target_account_id", Long.class), rs.getString("target_email"),
                rs.getString("details"), rs.getString("ip"), rs.getString("user_agent"));
    }

    private record Plan(boolean nothing, String source, String where, MapSqlParameterSource params) {

        static final Plan NOTHING = new Plan(true, null, null, null);

        String select(String columns) {
            return "SELECT " + columns + " FROM " + source + where;
        }
    }
}
