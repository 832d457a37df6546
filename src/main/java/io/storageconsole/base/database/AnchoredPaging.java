package io.storageconsole.base.database;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Offset paging of an ordered SQL query at the same cost at any offset (keyset anchors): a page far
 * from the start seeks past the anchor just before it (the sort keys of a row whose number is a
 * multiple of {@code step}) and skips fewer than {@code step} rows. Each anchor is read once, when a
 * page first needs it, from the nearest anchor already known. Near the start no anchors are needed;
 * callers that know the row count read the second half as the reversed query.
 * <p>
 * Anchors are cached per {@link OrderedQuery#cacheKey()} until {@link #forget} (callers forget them
 * when they count again) or until other queries pushed them out: at most {@link #MAX_CACHED}
 * queries and {@link #MAX_ANCHORS} anchors in all, the least recently paged query going first. Rows inserted
 * or deleted before an anchor since it was read shift later pages by as many rows, as a stale count
 * would; the next count starts afresh. See docs/decisions/0013-grid-counts-contains-and-anchored-paging.md
 * and 0035-anchors-where-pages-are-asked-and-dense-contains-on-the-index.md.
 */
public final class AnchoredPaging {

    static final int MAX_CACHED = 256;
    /** About 3 MB of keys (100-150 bytes each): 20 queries of 100,000 rows scrolled to their end. */
    static final int MAX_ANCHORS = 20_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final int step;
    private final int maxAnchors;
    private final Map<Object, Anchors> anchors = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, Anchors> eldest) {
                    return size() > MAX_CACHED;
                }
            });

    public AnchoredPaging(DataSource dataSource, int step) {
        this(dataSource, step, MAX_ANCHORS);
    }

    AnchoredPaging(DataSource dataSource, int step, int maxAnchors) {
        if (step < 2) {
            throw new IllegalArgumentException("An anchor every " + step + " rows saves nothing");
        }
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.step = step;
        this.maxAnchors = maxAnchors;
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
     * in its order, with its parameters added to {@code params}; reads the anchor this page needs
     * first if it is not cached.
     */
    public String pageOfIds(OrderedQuery query, long offset, int limit, MapSqlParameterSource params) {
        params.addValues(query.params());
        Map.Entry<Integer, Object[]> anchor = offset < step ? null
                : anchorAtOrBefore(query, (int) Math.min(offset / step, Integer.MAX_VALUE));
        long skip = anchor == null ? offset : offset - (long) anchor.getKey() * step;
        params.addValue("anchorLimit", limit).addValue("anchorSkip", skip);
        return "SELECT " + query.idColumn() + " FROM " + query.from()
                + " WHERE " + query.where() + (anchor == null ? "" : " AND (" + after(query, anchor.getValue(), params) + ")")
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
        return known == null ? 0 : known.size();
    }

    /**
     * Anchor {@code index} (row {@code index * step - 1}) if the query has that many rows, else the
     * nearest one before it that exists (null if none). An anchor not yet cached is read in one
     * statement that seeks past the nearest cached anchor before it and skips the rows between:
     * reaching a row costs its distance from the nearest known place once, in one statement (one
     * statement per anchor on the way cost a statement's overhead each: 80 ms for the middle of
     * 100,000 rows, decision 0035).
     */
    private Map.Entry<Integer, Object[]> anchorAtOrBefore(OrderedQuery query, int index) {
        Anchors known = anchors.computeIfAbsent(query.cacheKey(), key -> new Anchors());
        Object[] anchor;
        synchronized (known) {
            Map.Entry<Integer, Object[]> before = known.keys.floorEntry(index);
            if (before != null && before.getKey() == index || known.rows >= 0 && (long) index * step > known.rows) {
                return before;
            }
            MapSqlParameterSource params = new MapSqlParameterSource(query.params());
            int from = before == null ? 0 : before.getKey();
            params.addValue("anchorSkip", (long) (index - from) * step - 1);
            String columns = query.keys().stream().map(SortKey::column).collect(Collectors.joining(", "));
            String sql = "SELECT " + columns + " FROM " + query.from() + " WHERE " + query.where()
                    + (before == null ? "" : " AND (" + after(query, before.getValue(), params) + ")")
                    + " ORDER BY " + query.orderBy() + " LIMIT 1 OFFSET :anchorSkip";
            List<Object[]> found = jdbc.query(sql, params, (rs, row) -> {
                Object[] key = new Object[query.keys().size()];
                for (int i = 0; i < key.length; i++) {
                    key[i] = rs.getObject(i + 1);
                }
                return key;
            });
            if (found.isEmpty()) {
                // Fewer rows than this anchor needs: later anchors need not be looked for either.
                known.rows = known.rows < 0 ? (long) index * step - 1 : Math.min(known.rows, (long) index * step - 1);
                return before;
            }
            anchor = found.get(0);
            known.put(index, anchor);
        }
        keepWithinLimit(query.cacheKey());
        return Map.entry(index, anchor);
    }

    /**
     * Forgets the least recently paged queries' anchors while more than {@code maxAnchors} are
     * cached, never those of {@code inUse}. Reads each query's count without its lock, which a query
     * holds while it reads an anchor from the database: a slow anchor never holds up the map.
     */
    private void keepWithinLimit(Object inUse) {
        synchronized (anchors) {
            long cached = anchors.values().stream().mapToLong(Anchors::size).sum();
            Iterator<Map.Entry<Object, Anchors>> leastRecentFirst = anchors.entrySet().iterator();
            while (cached > maxAnchors && leastRecentFirst.hasNext()) {
                Map.Entry<Object, Anchors> query = leastRecentFirst.next();
                if (!query.getKey().equals(inUse)) {
                    cached -= query.getValue().size();
                    leastRecentFirst.remove();
                }
            }
        }
    }

    /** The anchors of one query read so far, by index; {@code rows} is a bound on its rows once an anchor was missing. */
    private static final class Anchors {
        private final TreeMap<Integer, Object[]> keys = new TreeMap<>();
        private long rows = -1;
        /** {@code keys.size()}, readable without the lock that a query holds while it reads an anchor. */
        private volatile int size;

        void put(int index, Object[] anchor) {
            keys.put(index, anchor);
            size = keys.size();
        }

        int size() {
            return size;
        }
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
