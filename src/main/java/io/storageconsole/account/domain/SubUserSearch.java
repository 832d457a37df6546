package io.storageconsole.account.domain;

import io.storageconsole.base.database.StreamingReads;
import io.storageconsole.base.database.AnchoredPaging;
import io.storageconsole.base.database.AnchoredPaging.OrderedQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the sub-user grids: pages, counts, the MFA summary and the export stream, none of them
 * holding more than a page of rows in memory and none reading every sub-user of an organization.
 * <ul>
 * <li>Counts and the MFA summary add up rows of {@code sub_user_tally} (V050), which triggers keep
 * exact in the transaction of every change.</li>
 * <li>Pages are a deferred join on an index of V020, named per order. By email (or MFA state and
 * email) a page at any offset seeks from the exact email rank ({@link SubUserRanks}, V131); by last
 * sign-in without a filter, from the exact sign-in rank ({@link SubUserSignInRanks}, V140); in the
 * other cases a page far from both ends seeks from a keyset anchor ({@link AnchoredPaging}).</li>
 * <li>"Email contains T" is, for the part before the '@', a range of {@code sub_user_local_suffix}
 * ("a suffix starts with T"), and for the domain, a look at the organization's few domains in the
 * tally. When T is in a domain most rows match, and the index scan with {@code LIKE} is dense; when
 * it is in every domain the rows are in, it filters nothing. Sorted by email, creation time or last
 * sign-in, a page of local-part matches is read from the suffixes alone, which carry those keys
 * (V130, V138; decision 0038). Many local-part matches by MFA state, or by email with the MFA-state
 * filter, are scanned on the order's index, which carries the email (decision 0035); by creation
 * time or last sign-in with that filter, the matches are joined.</li>
 * </ul>
 * The order and filters are chosen from fixed lists; user input only ever travels as a parameter.
 */
@Repository
public class SubUserSearch {

    private static final String ROW_COLUMNS = "a.id, a.email, a.console_access AND a.password_hash IS NOT NULL AS console_login, "
            + "a.mfa_state, a.last_sign_in_at, a.created_at, a.version, a.console_access AND a.password_hash IS NULL AS invited";
    /** The MFA states in the order of their stored names, as the index and ORDER BY hold them. */
    private static final List<String> STATES = Arrays.stream(MfaState.values()).map(Enum::name).sorted().toList();
    private static final String BASE_WHERE = "a.organization_id = :organizationId AND a.role = :role";
    /**
     * Local-part matches from which a page scans the order's index instead of joining every match:
     * joining costs every page about 2 µs a match here, the scan a fraction of a µs an entry.
     */
    private static final int DENSE_MATCHES = 4_000;
    /**
     * Rows between keyset anchors. Anchors are read only where pages are asked for (decision 0035),
     * so a short step costs no more reads: a page then skips fewer than 100 rows after its anchor
     * (fewer than 100 matches of a "contains" scan), which keeps a deep page near the first (1.30x by
     * last sign-in, quiet; BENCHMARKS.md). The first deep page after a count still reads its anchor
     * from afar.
     */
    private static final int ANCHOR_STEP = 100;
    /** Index entries scanned (with the LIKE) for the price of one row looked up by id, measured here: about 4. */
    private static final int SCAN_PER_LOOKUP = 4;

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final AnchoredPaging anchored;
    private final SubUserRanks ranks;
    private final SubUserSignInRanks signInRanks;
    private final int denseMatches;
    private final int scanPerLookup;

    @Autowired
    SubUserSearch(DataSource dataSource, SubUserRanks ranks, SubUserSignInRanks signInRanks) {
        this(dataSource, ranks, signInRanks, ANCHOR_STEP, DENSE_MATCHES, SCAN_PER_LOOKUP);
    }

    /** With other thresholds, so that tests take every plan with a few dozen rows as production does with thousands. */
    SubUserSearch(DataSource dataSource, SubUserRanks ranks, SubUserSignInRanks signInRanks, int anchorStep, int denseMatches,
                  int scanPerLookup) {
        this.ranks = ranks;
        this.signInRanks = signInRanks;
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.streaming = StreamingReads.template(dataSource);
        this.anchored = new AnchoredPaging(dataSource, anchorStep);
        this.denseMatches = denseMatches;
        this.scanPerLookup = scanPerLookup;
    }

    /** Rows {@code offset} to {@code offset + limit} of the query. */
    public List<SubUserRow> page(long organizationId, SubUserQuery query, long offset, int limit) {
        return window(organizationId, query, false, offset, limit);
    }

    /**
     * The page that ends {@code rowsAfter} rows before the last row, in the query's order. Skipping
     * from the far end keeps the last pages as quick as the first ones, with no anchors to read.
     */
    public List<SubUserRow> pageFromEnd(long organizationId, SubUserQuery query, long rowsAfter, int limit) {
        return window(organizationId, query, true, rowsAfter, limit);
    }

    /** Counts the rows of the query, and forgets the anchors of its pages: they are read again when needed. */
    public long count(long organizationId, SubUserQuery query) {
        anchored.forget(cacheKey(organizationId, query));
        Plan plan = plan(organizationId, query);
        long count = plan.tallied.getAsLong();
        if (plan.candidates != null && !plan.nothing) {
            MapSqlParameterSource params = plan.params();
            // The suffixes hold only this organization's sub-users: with no other condition, no join.
            String sql = plan.candidateWhere.equals(BASE_WHERE)
                    ? "SELECT COUNT(*) FROM (" + plan.candidates + ") m"
                    : "SELECT COUNT(*) FROM (" + plan.candidates + ") m STRAIGHT_JOIN account a ON a.id = m.id WHERE " + plan.candidateWhere;
            if (plan.localText && query.mfaState() != null) {
                LocalMatches matches = localMatches(params);
                if (matches.none()) {
                    return count;
                }
                if (fewRowsBetween(organizationId, query.mfaState(), matches, params)) {
                    // The state's addresses between the first and the last match: fewer entries of a
                    // covering index than the matches' rows to look up one by one (decision 0035).
                    sql = "SELECT COUNT(*) FROM account a FORCE INDEX (" + SubUserOrder.EMAIL.index(true) + ") WHERE "
                            + denseWhere(plan);
                }
            }
            Long counted = jdbc.queryForObject(sql, params, Long.class);
            count += counted == null ? 0 : counted;
        }
        return count;
    }

    public MfaCounts mfaCounts(long organizationId) {
        Map<MfaState, Long> counts = new EnumMap<>(MfaState.class);
        jdbc.query("SELECT mfa_state, SUM(sub_users) FROM sub_user_tally WHERE organization_id = :organizationId GROUP BY mfa_state",
                Map.of("organizationId", organizationId),
                (RowCallbackHandler) rs -> counts.put(MfaState.valueOf(rs.getString(1)), rs.getLong(2)));
        return new MfaCounts(counts.getOrDefault(MfaState.ACTIVE, 0L), counts.getOrDefault(MfaState.PENDING, 0L),
                counts.getOrDefault(MfaState.OFF, 0L));
    }

    /** Console users by MFA state and API-key-only users apart, from the tally the triggers keep. */
    public MfaOverview mfaOverview(long organizationId) {
        Map<MfaState, Long> console = new EnumMap<>(MfaState.class);
        long[] apiKeysOnly = {0};
        jdbc.query("SELECT mfa_state, console_login, SUM(sub_users) FROM sub_user_tally WHERE organization_id = :organizationId "
                        + "GROUP BY mfa_state, console_login",
                Map.of("organizationId", organizationId),
                (RowCallbackHandler) rs -> {
                    if (rs.getBoolean(2)) {
                        console.merge(MfaState.valueOf(rs.getString(1)), rs.getLong(3), Long::sum);
                    } else {
                        apiKeysOnly[0] += rs.getLong(3);
                    }
                });
        return new MfaOverview(console.getOrDefault(MfaState.ACTIVE, 0L), console.getOrDefault(MfaState.PENDING, 0L),
                console.getOrDefault(MfaState.OFF, 0L), apiKeysOnly[0]);
    }

    /** Every row of the query in its order, handed to {@code action} one by one as the database streams them. */
    public void forEach(long organizationId, SubUserQuery query, Consumer<SubUserRow> action) {
        Plan plan = plan(organizationId, query);
        if (plan.nothing) {
            return;
        }
        String sql = "SELECT " + ROW_COLUMNS + " FROM " + plan.rowSource() + " ORDER BY " + query.order().orderBy(query.descending());
        streaming.query(sql, plan.params(), (RowCallbackHandler) rs -> action.accept(row(rs, rs.getRow())));
    }

    /** How many anchors are cached for the query's pages (for tests and benchmarks). */
    public int cachedAnchors(long organizationId, SubUserQuery query) {
        return anchored.cachedAnchors(cacheKey(organizationId, query));
    }

    private List<SubUserRow> window(long organizationId, SubUserQuery query, boolean fromEnd, long skip, int limit) {
        Plan plan = plan(organizationId, query);
        if (plan.nothing) {
            return List.of();
        }
        MapSqlParameterSource params = plan.params();
        String order = query.order().orderBy(query.descending());
        boolean backwards = query.descending() != fromEnd;
        String ids;
        String sortHint = "";
        if (plan.textFree && query.order().rankedByEmail()) {
            Optional<String> ranked = rankedIds(organizationId, query, plan, backwards, skip, limit, params);
            if (ranked.isEmpty()) {
                return List.of();
            }
            ids = ranked.get();
        } else if (plan.textFree && query.mfaState() == null && query.order() == SubUserOrder.LAST_SIGN_IN
                && skip >= signInRanks.piece()) {
            SubUserSignInRanks.Seek seek = signInRanks.seek(organizationId, backwards, skip, limit);
            if (seek == null) {
                return List.of();
            }
            params.addValue("rankLimit", seek.rows()).addValue("rankSkip", seek.skip());
            ids = "SELECT a.id FROM account a FORCE INDEX (" + query.order().index(false) + ") WHERE " + plan.scanWhere
                    + (seek.bound() == null ? "" : " AND " + SubUserSignInRanks.bound(seek.bound(), seek.backwards(), params))
                    + " ORDER BY " + query.order().orderBy(seek.backwards()) + " LIMIT :rankLimit OFFSET :rankSkip";
        } else if (plan.localSuffixesOnly && query.order().keptInSuffixes()) {
            ids = suffixIds(query, backwards, skip, limit, params);
            // An address is a long sort key: with the default limit MariaDB sorts row ids and reads back
            // every row up to the offset (35 ms at offset 5,000 of 10,000 matches, 10 ms with the keys).
            sortHint = "SET STATEMENT max_length_for_sort_data = 4096 FOR ";
        } else {
            LocalMatchDensity density = plan.localText && query.order().scannedForLocalText()
                    ? localMatchDensity(params) : LocalMatchDensity.NOT_ASKED;
            if (density == LocalMatchDensity.NONE) {
                return List.of();
            } else if (density == LocalMatchDensity.DENSE) {
                ids = denseIds(organizationId, query, plan, fromEnd, skip, limit, params);
            } else if (!plan.pagesByScan) {
                // Few candidates: the whole match is joined and sorted, so every page costs the same.
                String reverse = query.order().orderBy(backwards);
                params.addValue("limit", limit).addValue("offset", skip);
                String sql = "SELECT * FROM (SELECT " + ROW_COLUMNS + " FROM " + plan.rowSource() + " ORDER BY " + reverse
                        + " LIMIT :limit OFFSET :offset) a ORDER BY " + order;
                return jdbc.query(sql, params, SubUserSearch::row);
            } else {
                OrderedQuery scan = new OrderedQuery(cacheKey(organizationId, query), "a.id",
                        "account a FORCE INDEX (" + query.order().index(query.mfaState() != null) + ")",
                        plan.scanWhere, plan.params().getValues(), query.order().keys(), query.descending());
                ids = anchored.pageOfIds(fromEnd ? scan.reversed() : scan, skip, limit, params);
            }
        }
        String sql = sortHint + "SELECT " + ROW_COLUMNS + " FROM (" + ids + ") page JOIN account a ON a.id = page.id ORDER BY " + order;
        return jdbc.query(sql, params, SubUserSearch::row);
    }

    /**
     * The ids of a page by email (or by MFA state and email) from the exact email rank: read forwards
     * from the start of the bucket that holds the page's first row or backwards from the end of the
     * one that holds its last, skipping fewer rows than that bucket holds. By MFA state across states,
     * the page may run on into the next states' rows, the way it is read. Empty past the last row.
     */
    private Optional<String> rankedIds(long organizationId, SubUserQuery query, Plan plan, boolean backwards, long skip, int limit,
                             MapSqlParameterSource params) {
        boolean acrossStates = query.mfaState() == null && query.order() == SubUserOrder.MFA_STATE;
        List<String> partitions = query.mfaState() != null ? List.of(query.mfaState().name())
                : acrossStates ? STATES : List.of(SubUserRanks.EVERY_STATE);
        SubUserRanks.Seek seek = ranks.seek(organizationId, partitions, backwards, skip, limit);
        if (seek == null) {
            return Optional.empty();
        }
        String direction = seek.backwards() ? " DESC" : " ASC";
        String from = "account a FORCE INDEX (" + query.order().index(query.mfaState() != null) + ")";
        params.addValue("rankLimit", seek.rows()).addValue("rankSkip", seek.skip()).addValue("rankBound", seek.bound())
                .addValue("rankState", seek.mfaState());
        String bound = seek.bound() == null ? "" : seek.backwards() ? " AND a.email < :rankBound" : " AND a.email >= :rankBound";
        if (!acrossStates) {
            return Optional.of("SELECT a.id FROM " + from + " WHERE " + plan.scanWhere + bound
                    + " ORDER BY " + query.order().orderBy(seek.backwards()) + " LIMIT :rankLimit OFFSET :rankSkip");
        }
        return Optional.of("SELECT r.id FROM ((SELECT a.id, a.mfa_state, a.email FROM " + from + " WHERE " + plan.scanWhere
                + " AND a.mfa_state = :rankState" + bound + " ORDER BY a.email" + direction + " LIMIT :rankLimit OFFSET :rankSkip)"
                + " UNION ALL (SELECT a.id, a.mfa_state, a.email FROM " + from + " WHERE " + plan.scanWhere
                + " AND a.mfa_state " + (seek.backwards() ? "<" : ">") + " :rankState ORDER BY a.mfa_state" + direction + ", a.email" + direction
                + " LIMIT :rankLimit)) r ORDER BY r.mfa_state" + direction + ", r.email" + direction + " LIMIT :rankLimit");
    }

    /**
     * The ids of a page of local-part matches sorted by a key the suffix rows carry (V130): one
     * covering range of the suffixes, the matches' keys sorted, no join until the page's rows. An
     * address in which T occurs twice has two suffixes starting with T: only the one where T first
     * occurs counts, which needs no DISTINCT (a temporary table of every match).
     */
    private static String suffixIds(SubUserQuery query, boolean backwards, long skip, int limit, MapSqlParameterSource params) {
        String direction = backwards ? " DESC" : " ASC";
        params.addValue("limit", limit).addValue("offset", skip);
        return "SELECT s.account_id AS id FROM sub_user_local_suffix s "
                + "WHERE s.organization_id = :organizationId AND s.suffix LIKE :suffixPattern ESCAPE '!' "
                + "AND LOCATE(:text, SUBSTRING_INDEX(s.email, '@', 1)) = CHAR_LENGTH(SUBSTRING_INDEX(s.email, '@', 1)) - CHAR_LENGTH(s.suffix) + 1 "
                + "ORDER BY " + switch (query.order()) {
                    case EMAIL -> "s.email" + direction;
                    case CREATED -> "s.created_at" + direction + ", s.account_id" + direction;
                    // As SubUserOrder.LAST_SIGN_IN: ascending, who never signed in (NULL) first; ties by id.
                    case LAST_SIGN_IN -> "s.last_sign_in_at" + direction + ", s.account_id" + direction;
                    case MFA_STATE -> throw new IllegalArgumentException("The suffixes carry no MFA state");
                }
                + " LIMIT :limit OFFSET :offset";
    }

    /** How many local parts a text is in, for the choice of a page's plan. */
    private enum LocalMatchDensity {
        /** Not a local-part text on an index that carries the email: the plan does not depend on it. */
        NOT_ASKED,
        /** In no local part. */
        NONE,
        /** In fewer than {@code denseMatches}: joining the matches is cheaper than scanning. */
        FEW,
        /** In many: the order's index is scanned ({@link #denseIds}). */
        DENSE
    }

    /**
     * How many local parts the text is in. This also puts the first and the last matching address
     * among the parameters, for {@link #denseIds}.
     */
    private LocalMatchDensity localMatchDensity(MapSqlParameterSource params) {
        LocalMatches matches = localMatches(params);
        if (matches.none()) {
            return LocalMatchDensity.NONE;
        }
        return matches.suffixes() < denseMatches ? LocalMatchDensity.FEW : LocalMatchDensity.DENSE;
    }

    /**
     * The ids of a page of a text found in many local parts, by an order whose index carries the
     * email: the index scanned in order with the LIKE on its entries, only the addresses from the
     * first match to the last (the parameters {@link #localMatchDensity} put), stopping after the
     * page, deep pages from keyset anchors.
     */
    private String denseIds(long organizationId, SubUserQuery query, Plan plan, boolean fromEnd, long skip, int limit,
                            MapSqlParameterSource params) {
        OrderedQuery scan = new OrderedQuery(cacheKey(organizationId, query), "a.id",
                "account a FORCE INDEX (" + query.order().index(query.mfaState() != null) + ")",
                denseWhere(plan), params.getValues(), query.order().keys(), query.descending());
        return anchored.pageOfIds(fromEnd ? scan.reversed() : scan, skip, limit, params);
    }

    /** The rows of a local-part text on an index that carries the email, within the matches' first and last address. */
    private static String denseWhere(Plan plan) {
        return plan.candidateWhere + " AND a.email LIKE :contains ESCAPE '!' AND a.email >= :firstMatch AND a.email <= :lastMatch";
    }

    /** How many suffixes start with the text, and the first and last address among them (as parameters). */
    private LocalMatches localMatches(MapSqlParameterSource params) {
        LocalMatches matches = jdbc.queryForObject("SELECT COUNT(*), MIN(s.email), MAX(s.email) FROM sub_user_local_suffix s "
                        + "WHERE s.organization_id = :organizationId AND s.suffix LIKE :suffixPattern ESCAPE '!'", params,
                (rs, row) -> new LocalMatches(rs.getLong(1), rs.getString(2), rs.getString(3)));
        params.addValue("firstMatch", matches.first()).addValue("lastMatch", matches.last());
        return matches;
    }

    private record LocalMatches(long suffixes, String first, String last) {
        boolean none() {
            return suffixes == 0;
        }
    }

    /**
     * Whether the state's sub-users between the first and the last match are few enough to scan
     * (at most {@code scanPerLookup} per match), counted from the email rank's buckets that hold
     * them: an estimate that errs high by at most two buckets, which only chooses the plan.
     */
    private boolean fewRowsBetween(long organizationId, MfaState state, LocalMatches matches, MapSqlParameterSource params) {
        params.addValue("rankState", state.name());
        Long between = jdbc.queryForObject("SELECT COALESCE(SUM(r.sub_users), 0) FROM sub_user_email_rank r "
                + "WHERE r.organization_id = :organizationId AND r.mfa_state = :rankState AND r.lower_email <= :lastMatch "
                + "AND r.lower_email >= (SELECT COALESCE(MAX(f.lower_email), '') FROM sub_user_email_rank f "
                + "WHERE f.organization_id = :organizationId AND f.mfa_state = :rankState AND f.lower_email <= :firstMatch)",
                params, Long.class);
        return between != null && between <= matches.suffixes() * scanPerLookup;
    }

    private static List<Object> cacheKey(long organizationId, SubUserQuery query) {
        return List.of(SubUserSearch.class, organizationId, query);
    }

    /**
     * How the rows of a query are found. Pages: from the email rank when {@code textFree} and the
     * order is by email (from the sign-in rank, decision 0039, by last sign-in without the MFA
     * filter); by an index scan of the organization ({@code scanWhere}) when {@code pagesByScan};
     * otherwise from the ids of {@code candidates} (the suffixes alone when {@code
     * localSuffixesOnly}) joined with account and filtered by {@code candidateWhere}, or, when
     * {@code localText} (the text is in local parts only) and the matches are many, by an index scan.
     * Count: {@code tallied} plus the candidates, if any.
     */
    private record Plan(MapSqlParameterSource parameters, boolean pagesByScan, String scanWhere, String candidates,
                        String candidateWhere, LongSupplier tallied, boolean nothing, boolean textFree, boolean localSuffixesOnly,
                        boolean localText) {

        /** Every row of the query without its text (there is none, or it is in every domain the rows are in). */
        static Plan textFree(MapSqlParameterSource params, String where, LongSupplier tallied) {
            return new Plan(params, true, where, null, null, tallied, false, true, false, false);
        }

        MapSqlParameterSource params() {
            return new MapSqlParameterSource(parameters.getValues());
        }

        String rowSource() {
            return pagesByScan ? "account a WHERE " + scanWhere
                    // From the few candidates to their rows: never the other way round.
                    : "(" + candidates + ") m STRAIGHT_JOIN account a ON a.id = m.id WHERE " + candidateWhere;
        }
    }

    private Plan plan(long organizationId, SubUserQuery query) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("organizationId", organizationId)
                .addValue("role", AccountRole.SUB_USER.name());
        String where = BASE_WHERE;
        String tallyWhere = "organization_id = :organizationId";
        if (query.mfaState() != null) {
            params.addValue("mfaState", query.mfaState().name());
            where += " AND a.mfa_state = :mfaState";
            tallyWhere += " AND mfa_state = :mfaState";
        }
        String text = query.emailContains();
        if (text.isEmpty()) {
            // Only a count reads the tally; a page does not ask for it.
            String rowsWhere = tallyWhere;
            return Plan.textFree(params, where, () -> tally(rowsWhere, params));
        }
        params.addValue("contains", "%" + escapeLike(text) + "%").addValue("text", text);
        String withText = where + " AND a.email LIKE :contains ESCAPE '!'";
        int at = text.indexOf('@');
        if (at < 0) {
            // In a domain (most rows of it match) or in local parts (a range of suffixes).
            params.addValue("domainPattern", "%" + escapeLike(text) + "%");
            List<String> domains = domains(params);
            params.addValue("suffixPattern", escapeLike(text) + "%");
            String localMatches = "SELECT DISTINCT s.account_id AS id FROM sub_user_local_suffix s "
                    + "WHERE s.organization_id = :organizationId AND s.suffix LIKE :suffixPattern ESCAPE '!'";
            if (domains.isEmpty()) {
                return new Plan(params, false, null, localMatches, where, () -> 0, false, false, where.equals(BASE_WHERE), true);
            }
            params.addValue("domains", domains);
            long inDomains = tally(tallyWhere + " AND email_domain IN (:domains)", params);
            long rows = tally(tallyWhere, params);
            if (inDomains == rows) {
                // Found in every domain the rows are in: the text filters nothing.
                return Plan.textFree(params, where, () -> rows);
            }
            // Pages scan the index (dense); the count adds the domains' tally to the other local matches.
            return new Plan(params, true, withText, localMatches,
                    where + " AND SUBSTRING_INDEX(a.email, '@', -1) NOT IN (:domains)", () -> inDomains, false, false, false, false);
        }
        // "x@y": a local part that ends with x, in a domain that starts with y.
        String localEnd = text.substring(0, at);
        params.addValue("domainPattern", escapeLike(text.substring(at + 1)) + "%");
        List<String> domains = domains(params);
        if (domains.isEmpty()) {
            return new Plan(params, false, null, null, null, () -> 0, true, false, false, false);
        }
        params.addValue("domains", domains);
        if (localEnd.isEmpty()) {
            long inDomains = tally(tallyWhere + " AND email_domain IN (:domains)", params);
            return inDomains == tally(tallyWhere, params) ? Plan.textFree(params, where, () -> inDomains)
                    : new Plan(params, true, withText, null, null, () -> inDomains, false, false, false, false);
        }
        params.addValue("localEnd", localEnd);
        String endingWith = "SELECT s.account_id AS id FROM sub_user_local_suffix s "
                + "WHERE s.organization_id = :organizationId AND s.suffix = :localEnd";
        return new Plan(params, false, null, endingWith, withText, () -> 0, false, false, false, false);
    }

    private long tally(String where, MapSqlParameterSource params) {
        Long sum = jdbc.queryForObject("SELECT COALESCE(SUM(sub_users), 0) FROM sub_user_tally WHERE " + where, params, Long.class);
        return sum == null ? 0 : sum;
    }

    private List<String> domains(MapSqlParameterSource params) {
        return jdbc.queryForList("SELECT DISTINCT email_domain FROM sub_user_tally WHERE organization_id = :organizationId "
                + "AND sub_users > 0 AND email_domain LIKE :domainPattern ESCAPE '!'", params, String.class);
    }

    /** The text as part of a LIKE pattern in which its own %, _ and ! match only themselves. */
    static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static SubUserRow row(ResultSet rs, int rowNumber) throws SQLException {
        return new SubUserRow(rs.getLong("id"), rs.getString("email"), rs.getBoolean("console_login"),
                MfaState.valueOf(rs.getString("mfa_state")), instant(rs.getTimestamp("last_sign_in_at")),
                instant(rs.getTimestamp("created_at")), rs.getInt("version"), rs.getBoolean("invited"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
