package io.storageconsole.base.database;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Offset paging of an ordered SQL query at the same cost at any offset (keyset anchors): the sort
 * keys of every {@code step}-th row are read once, as far as a page needs them, and a page far from
 * the start seeks past the nearest anchor and skips fewer than {@code step} rows. Near the start no
 * anchors are needed; callers that know the row count read the second half as the reversed query.
 * <p>
 * Anchors are cached per {@link OrderedQuery#cacheKey()} until {@link #forget} (callers forget them
 * when they count again) or until {@link #MAX_CACHED} other queries pushed them out. Rows inserted
 * or deleted before an anchor since it was read shift later pages by as many rows, as a stale count
 * would; the next count starts afresh. See docs/decisions/0013-grid-counts-contains-and-anchored-paging.md.
 */
public final class AnchoredPaging {

    public static final int DEFAULT_STEP = 1000;
    static final int MAX_CACHED = 256;

    private final NamedParameterJdbcTemplate jdbc;
    private final int step;
    private final Map<Object, Anchors> anchors = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, Anchors> eldest) {
                    return size() > MAX_CACHED;
                }
            });

    public AnchoredPaging(DataSource dataSource, int step) {
        if (step < 2) {
            throw new IllegalArgumentException("An anchor every " + step + " rows saves nothing");
        }
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.step = step;
    }

    /**
     * One ORDER BY column as SQL (with its table alias), and whether it may be NULL (MariaDB sorts
     * NULL first ascending, last descending).
     */
    public record SortKey(String column, boolean nullable) {
    }

    /**
     * {@code SELECT idColumn FROM from WHERE where ORDER BY keys}. The last key must be unique, so
     * that the order is total; {@code from} may carry an index hint, which keeps every page one range
     * scan of the index whose tail is {@code keys}. {@code params} holds the named parameters of
     * {@code where}; this class adds its own, all starting with {@code anchor}.
     */
    public record OrderedQuery(Object cacheKey, String idColumn, String from, String where,
                               Map<String, ?> params, List<SortKey> keys, boolean descending) {

        public OrderedQuery {
            Objects.requireNonNull(cacheKey, "cacheKey");
            params = Map.copyOf(params);
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("An ordered query needs at least one sort key");
            }
        }

        public OrderedQuery reversed() {
            return new OrderedQuery(List.of("reversed", cacheKey), idColumn, from, where, params, keys, !descending);
        }

        String orderBy() {
            String direction = descending ? " DESC" : " ASC";
            return keys.stream().map(key -> key.column() + direction).collect(Collectors.joining(", "));
        }
    }

    /**
     * The SQL that selects the ids of rows {@code offset} to {@code offset + limit} of the query,
     * in its order, with its parameters added to {@code params}; reads the anchors first if this
     * page needs them and they are not cached.
     */
    public String pageOfIds(OrderedQuery query, long offset, int limit, MapSqlParameterSource params) {
        params.addValues(query.params());
        Object[] anchor = null;
        long skip = offset;
        if (offset >= step) {
            List<Object[]> known = anchorsUpTo(query, (int) Math.min(offset / step, Integer.MAX_VALUE));
            int index = known.size();
            if (index > 0) {
                anchor = known.get(index - 1);
                skip = offset - (long) index * step;
            }
        }
        params.addValue("anchorLimit", limit).addValue("anchorSkip", skip);
        return "SELECT " + query.idColumn() + " FROM " + query.from()
                + " WHERE " + query.where() + (anchor == null ? "" : " AND (" + after(query, anchor, params) + ")")
                + " ORDER BY " + query.orderBy() + " LIMIT :anchorLimit OFFSET :anchorSkip";
    }

    /** Drops the cached anchors of a query, e.g. because the caller counts its rows again. */
    public void forget(Object cacheKey) {
        anchors.remove(cacheKey);
        anchors.remove(List.of("reversed", cacheKey));
    }

    /** How many anchors of this query are cached now (for tests and benchmarks). */
    public int cachedAnchors(Object cacheKey) {
        Anchors known = anchors.get(cacheKey);
        if (known == null) {
            return 0;
        }
        synchronized (known) {
            return known.keys.size();
        }
    }

    /**
     * The anchors of a query up to anchor {@code index} (or its last row, if it ends sooner), read
     * as needed: each one is a seek past the previous anchor that skips {@code step - 1} rows on the
     * index, so reaching a row costs what its distance from the start costs once, then nothing.
     */
    private List<Object[]> anchorsUpTo(OrderedQuery query, int index) {
        Anchors known = anchors.computeIfAbsent(query.cacheKey(), key -> new Anchors());
        synchronized (known) {
            String columns = query.keys().stream().map(SortKey::column).collect(Collectors.joining(", "));
            while (known.keys.size() < index && !known.complete) {
                MapSqlParameterSource params = new MapSqlParameterSource(query.params());
                Object[] last = known.keys.isEmpty() ? null : known.keys.get(known.keys.size() - 1);
                params.addValue("anchorSkip", step - 1);
                String sql = "SELECT " + columns + " FROM " + query.from() + " WHERE " + query.where()
                        + (last == null ? "" : " AND (" + after(query, last, params) + ")")
                        + " ORDER BY " + query.orderBy() + " LIMIT 1 OFFSET :anchorSkip";
                List<Object[]> next = jdbc.query(sql, params, (rs, row) -> {
                    Object[] key = new Object[query.keys().size()];
                    for (int i = 0; i < key.length; i++) {
                        key[i] = rs.getObject(i + 1);
                    }
                    return key;
                });
                if (next.isEmpty()) {
                    known.complete = true;
                } else {
                    known.keys.add(next.get(0));
                }
            }
            return List.copyOf(known.keys.subList(0, Math.min(index, known.keys.size())));
        }
    }

    /** The anchors of one query read so far; complete once a seek found no further anchor. */
    private static final class Anchors {
        private final List<Object[]> keys = new ArrayList<>();
        private boolean complete;
    }

    /** "The row comes after the anchor" in the query's order, NULLs placed as MariaDB places them. */
    private static String after(OrderedQuery query, Object[] anchor, MapSqlParameterSource params) {
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < anchor.length; i++) {
            String beyond = beyond(query.keys().get(i), anchor[i], i, query.descending(), params);
            if (beyond == null) {
                continue;
            }
            String equalBefore = IntStream.range(0, i)
                    .mapToObj(j -> equal(query.keys().get(j), anchor[j], j, params))
                    .collect(Collectors.joining(" AND "));
            alternatives.add(equalBefore.isEmpty() ? beyond : "(" + equalBefore + " AND " + beyond + ")");
        }
        return alternatives.isEmpty() ? "FALSE" : String.join(" OR ", alternatives);
    }

    private static String equal(SortKey key, Object value, int index, MapSqlParameterSource params) {
        if (value == null) {
            return key.column() + " IS NULL";
        }
        params.addValue("anchor" + index, value);
        return key.column() + " = :anchor" + index;
    }

    /** Strictly after {@code value} in this key's direction; null when nothing can be. */
    private static String beyond(SortKey key, Object value, int index, boolean descending, MapSqlParameterSource params) {
        if (value == null) {
            return descending ? null : key.column() + " IS NOT NULL";
        }
        params.addValue("anchor" + index, value);
        if (!descending) {
            return key.column() + " > :anchor" + index;
        }
        return key.nullable()
                ? "(" + key.column() + " < :anchor" + index + " OR " + key.column() + " IS NULL)"
                : key.column() + " < :anchor" + index;
    }
}
