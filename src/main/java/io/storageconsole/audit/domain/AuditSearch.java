package io.storageconsole.audit.domain;

import io.storageconsole.base.database.StreamingReads;
import io.storageconsole.base.database.SqlPatterns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL of a user's security activity and of an organization's audit log: newest first, each page
 * a range of one of V125's indexes read backwards, counts capped so that none reads a whole large
 * organization (decision 0024). A user filter first lists the organization's addresses that contain
 * the text (from the table of its addresses, decision 0048); a complete address is taken as it is.
 * A few addresses are each a range of their own, many a filtered scan of the time index that finds
 * matches densely.
 */
@Repository
public class AuditSearch {

    /** A count stops here: "more than 10,000" tells a person to narrow the filter, and costs a few ms. */
    public static final int COUNT_CAP = 10_000;
    /** Addresses up to this many are read as ranges of their own; more match densely enough to scan. */
    static final int FEW_ADDRESSES = 64;
    /** Addresses whose rows (as target and as actor) are at most this many are read as ranges, however many addresses. */
    static final int FEW_ROWS = 1_000;
    /** Up to this many addresses, counts read only the email indexes; beyond, the capped scan counts. */
    static final int MANY_ADDRESSES = 5_000;
    private static final String TARGET_INDEX = "ix_audit_event_organization_target_time";
    private static final String ACTOR_INDEX = "ix_audit_event_organization_actor_time";
    private static final java.util.regex.Pattern COMPLETE_ADDRESS = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, id DESC";

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;

    AuditSearch(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.streaming = StreamingReads.template(dataSource);
    }

    /** Events about one account (it is their target), newest first: V003's (target_account_id, occurred_at). */
    public List<AuditEvent> aboutAccount(long accountId, long offset, int limit) {
        return jdbc.query("SELECT * FROM audit_event WHERE target_account_id = :accountId" + NEWEST_FIRST
                        + " LIMIT :limit OFFSET :offset",
                new MapSqlParameterSource("accountId", accountId).addValue("limit", limit).addValue("offset", offset),
                (rs, n) -> row(rs));
    }

    public List<AuditEvent> page(long organizationId, AuditQuery query, long offset, int limit) {
        Plan plan = plan(organizationId, query, true);
        if (plan.nothing()) {
            return List.of();
        }
        return jdbc.query(plan.select("*") + NEWEST_FIRST + " LIMIT :limit OFFSET :offset",
                plan.params().addValue("limit", limit).addValue("offset", offset), (rs, n) -> row(rs));
    }

    /**
     * How many events match, up to {@link #COUNT_CAP} + 1 (which means "more than the cap"). A user
     * filter counts from the two email indexes alone, which hold every column it asks for: the rows
     * with a matching target, then, only while they are under the cap, those with a matching actor and
     * another target. The actors' scan passes over rows the targets counted, fewer than the cap of them,
     * so it reads at most about twice the cap; after a capped target count it used to read every
     * matching actor row (50 ms for the 95,000 of 950 addresses, decision 0048).
     */
    public long countUpToCap(long organizationId, AuditQuery query) {
        // Up to MANY_ADDRESSES a count reads the email indexes, not the plan's rows: no need to weigh them.
        Plan plan = plan(organizationId, query, false);
        if (plan.nothing()) {
            return 0;
        }
        MapSqlParameterSource params = plan.params().addValue("cap", COUNT_CAP + 1);
        Long count;
        if (plan.addresses() != null && plan.addresses().size() <= MANY_ADDRESSES) {
            String filters = plan.filters() + " AND organization_id = :organizationId";
            long targets = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1 FROM audit_event FORCE INDEX (" + TARGET_INDEX
                    + ") WHERE target_email IN (:addresses)" + filters + " LIMIT :cap) targets", params, Long.class);
            if (targets > COUNT_CAP) {
                return targets;
            }
            count = targets + jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1 FROM audit_event FORCE INDEX (" + ACTOR_INDEX
                    + ") WHERE actor_email IN (:addresses) AND (target_email IS NULL OR target_email NOT IN (:addresses))"
                    + filters + " LIMIT :rest) actors", params.addValue("rest", COUNT_CAP + 1 - targets), Long.class);
        } else {
            count = jdbc.queryForObject("SELECT COUNT(*) FROM (" + plan.select("1") + " LIMIT :cap) capped", params, Long.class);
        }
        return count == null ? 0 : count;
    }

    /** Every matching event, newest first, handed over one at a time as the database streams them. */
    public void forEach(long organizationId, AuditQuery query, Consumer<AuditEvent> action) {
        Plan plan = plan(organizationId, query, true);
        if (plan.nothing()) {
            return;
        }
        streaming.query(plan.select("*") + NEWEST_FIRST, plan.params(), (RowCallbackHandler) rs -> action.accept(row(rs)));
    }

    /** @param readsRows whether the plan's rows are read (a page, the export), so that few rows are worth finding out */
    private Plan plan(long organizationId, AuditQuery query, boolean readsRows) {
        MapSqlParameterSource params = new MapSqlParameterSource("organizationId", organizationId);
        StringBuilder filters = new StringBuilder();
        String index = "ix_audit_event_organization_time";
        if (query.eventType() != null) {
            filters.append(" AND event_type = :eventType");
            params.addValue("eventType", query.eventType());
            index = "ix_audit_event_organization_type_time";
        }
        if (query.from() != null) {
            filters.append(" AND occurred_at >= :from");
            params.addValue("from", Timestamp.from(query.from()));
        }
        if (query.until() != null) {
            filters.append(" AND occurred_at < :until");
            params.addValue("until", Timestamp.from(query.until()));
        }
        String where = " WHERE organization_id = :organizationId" + filters;
        if (query.userContains() == null) {
            return new Plan(false, "audit_event FORCE INDEX (" + index + ")", where, filters.toString(), null, params);
        }
        String pattern = "%" + SqlPatterns.startsWith(query.userContains());
        // A complete address names one user: no look-up of the organization's addresses (which reads them all).
        List<String> addresses = COMPLETE_ADDRESS.matcher(query.userContains()).matches()
                ? List.of(query.userContains()) : addressesContaining(organizationId, pattern);
        if (addresses.isEmpty()) {
            return Plan.NOTHING;
        }
        params.addValue("addresses", addresses).addValue("pattern", pattern);
        if (addresses.size() <= FEW_ADDRESSES || readsRows && addresses.size() <= MANY_ADDRESSES && fewRows(params)) {
            // Each address is a range of the actor and the target index; MariaDB merges them.
            return new Plan(false, "audit_event", where + " AND (target_email IN (:addresses) OR actor_email IN (:addresses))",
                    filters.toString(), addresses, params);
        }
        // Many addresses match many rows: the newest-first scan meets a page of them soon.
        return new Plan(false, "audit_event FORCE INDEX (" + index + ")",
                where + " AND (target_email LIKE :pattern ESCAPE '!' OR actor_email LIKE :pattern ESCAPE '!')",
                filters.toString(), addresses, params);
    }

    /**
     * Whether the addresses have at most {@link #FEW_ROWS} rows: then their ranges are read and sorted,
     * a few milliseconds. Many addresses with a row or two each, long ago, are what a newest-first scan
     * would pass the whole log looking for (134 ms at 100,000 rows for 100 such addresses, decision
     * 0050). Counts the rows with a matching target, then, only while under, those with a matching
     * actor (a row with both counts twice, which errs towards the scan), each from the addresses that
     * match the pattern into their ranges: at most twice the limit of index entries.
     *
     * @param params the organization and the pattern ({@code :organizationId}, {@code :pattern})
     */
    private boolean fewRows(MapSqlParameterSource params) {
        MapSqlParameterSource probe = new MapSqlParameterSource(params.getValues()).addValue("fewRows", FEW_ROWS + 1);
        long rows = 0;
        for (String[] side : new String[][] {{TARGET_INDEX, "target_email"}, {ACTOR_INDEX, "actor_email"}}) {
            // From the matching addresses into each one's range: a list of a thousand addresses in IN (...)
            // cost the optimizer 4 ms before a row was read.
            Long found = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1 FROM audit_address a STRAIGHT_JOIN audit_event e"
                    + " FORCE INDEX (" + side[0] + ") ON e.organization_id = a.organization_id AND e." + side[1] + " = a.email"
                    + " WHERE a.organization_id = :organizationId AND a.email LIKE :pattern ESCAPE '!' LIMIT :fewRows) matching",
                    probe, Long.class);
            rows += found == null ? 0 : found;
            if (rows > FEW_ROWS) {
                return false;
            }
        }
        return true;
    }

    /**
     * The organization's distinct addresses (as actor or target) that match, at most one more than
     * {@link #MANY_ADDRESSES}: a range of V143's audit_address, one row per address, where the email
     * indexes would be read a row per event (decision 0048).
     */
    private List<String> addressesContaining(long organizationId, String pattern) {
        return new ArrayList<>(jdbc.queryForList("""
                SELECT email FROM audit_address WHERE organization_id = :organizationId AND email LIKE :pattern ESCAPE '!'
                LIMIT :limit""", new MapSqlParameterSource("organizationId", organizationId)
                .addValue("pattern", pattern).addValue("limit", MANY_ADDRESSES + 1), String.class));
    }

    private static AuditEvent row(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("event_type"),
                rs.getObject("actor_account_id", Long.class), rs.getString("actor_email"),
                rs.getObject("organization_id", Long.class),
                rs.getObject("target_account_id", Long.class), rs.getString("target_email"),
                rs.getString("details"), rs.getString("ip"), rs.getString("user_agent"));
    }

    /**
     * @param filters   the type and time conditions alone, for the counts that read the email indexes
     * @param addresses the matching addresses of a user filter, else null
     */
    private record Plan(boolean nothing, String source, String where, String filters, List<String> addresses,
                        MapSqlParameterSource params) {

        static final Plan NOTHING = new Plan(true, null, null, null, null, null);

        String select(String columns) {
            return "SELECT " + columns + " FROM " + source + where;
        }
    }
}
