package io.storageconsole.account.domain;

import io.storageconsole.account.domain.SubUserRanks.Split;
import io.storageconsole.base.database.StreamingReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The exact rank of an organization's sub-users by last sign-in ({@code sub_user_sign_in_rank},
 * V140): buckets of consecutive keys ({@code COALESCE(last_sign_in_at, NEVER)}, id), in the order
 * {@link SubUserOrder#LAST_SIGN_IN}, each with an exact count per shard (id mod 8), kept by the
 * account triggers (V141). The last bucket is open: its count is the organization's sub-users minus
 * the closed buckets', so a sign-in (which moves a row into it) writes only the bucket it leaves.
 * A page at any offset reads the buckets (only those up to it, when it can: decision 0057), seeks
 * to the start of the bucket that holds its first row or to the end of the one that holds its last,
 * whichever is nearer, and skips fewer rows than that bucket holds (about half at most).
 * Rebalancing cuts large buckets (the open one only at keys more than an hour old) and merges
 * small closed neighbours, never waiting for a lock. See
 * docs/decisions/0039-an-exact-rank-of-sub-users-by-last-sign-in.md. The rows are stored in bucket
 * order, so that the buckets read streams; every locking read goes through the shard index (V146,
 * decision 0055).
 */
@Repository
public class SubUserSignInRanks {

    /** The key of who never signed in; the first bucket of every organization starts at (NEVER, 0). */
    static final String NEVER = "1000-01-01 00:00:00.000000";
    public static final int SHARDS = 8;
    public static final int SPLIT_ABOVE = 2_000;
    public static final int PIECE = 1_000;
    public static final int MERGE_BELOW = 500;
    public static final int MERGED_AT_MOST = 1_500;
    /**
     * No boundary is put at a sign-in later than this before now: the triggers count a new sign-in
     * of the last five minutes in the open bucket without writing it (V140), which is exact only
     * while every boundary is older than any such sign-in, on every node's clock.
     */
    static final String CLOSABLE = "UTC_TIMESTAMP(6) - INTERVAL 1 HOUR";

    /** Organizations whose {@link #rowsPerBucket} is kept (under a megabyte); past this many, all are forgotten and learnt again. */
    private static final int ORGANIZATIONS_REMEMBERED = 10_000;
    /** Past this many buckets a seek reads all of them (a bound on the guess, not a size any organization has). */
    private static final long MOST_GUESSED = 1_000_000;
    private static final String NO_WAIT = "SET STATEMENT innodb_lock_wait_timeout = 0 FOR ";
    private static final String AT = "DATE_FORMAT(lower_at, '%Y-%m-%d %H:%i:%s.%f')";
    /** An organization's buckets, their shard rows grouped, in order: streamed from the primary key (decision 0055). */
    private static final String BUCKETS_IN_ORDER = "FROM sub_user_sign_in_rank WHERE organization_id = :organizationId "
            + "GROUP BY lower_at, lower_id ORDER BY lower_at, lower_id";
    private static final String SHARD_LIST = "0, 1, 2, 3, 4, 5, 6, 7";
    /**
     * The rows in the primary key's former order, (organization, shard, key): every locking read of
     * the rank goes through it, as the triggers' scan does (V146), so that the locks fall where
     * decisions 0031 and 0039 reason about them; the primary key is in bucket order for the reads.
     */
    private static final String LOCKED_THROUGH = "sub_user_sign_in_rank FORCE INDEX (ix_sub_user_sign_in_rank_shard)";

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final int splitAbove;
    private final int piece;
    private final int mergeBelow;
    private final int mergedAtMost;
    private final AtomicLong seeks = new AtomicLong();
    private final AtomicLong everyBucketReads = new AtomicLong();
    /** Per organization, how many rows its closed buckets held at its last read: a guess for the next seek. */
    private final Map<Long, Long> rowsPerBucket = new ConcurrentHashMap<>();

    @Autowired
    SubUserSignInRanks(DataSource dataSource) {
        this(dataSource, SPLIT_ABOVE, PIECE, MERGE_BELOW, MERGED_AT_MOST);
    }

    /** With other bucket sizes, so that tests rebalance a few dozen rows as production does thousands. */
    public SubUserSignInRanks(DataSource dataSource, int splitAbove, int piece, int mergeBelow, int mergedAtMost) {
        SubUserRanks.checkSizes(splitAbove, piece, mergeBelow, mergedAtMost);
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.streaming = StreamingReads.template(dataSource);
        this.splitAbove = splitAbove;
        this.piece = piece;
        this.mergeBelow = mergeBelow;
        this.mergedAtMost = mergedAtMost;
    }

    /** One bucket: keys from (lowerAt, lowerId) up to the next bucket's; {@code open} for the last. */
    public record Bucket(long organizationId, String lowerAt, long lowerId, long subUsers, boolean open) {
        boolean never() {
            return NEVER.equals(lowerAt);
        }
    }

    /**
     * Where a page of {@code rows} rows starts: {@code skip} rows past {@code bound}, read forwards
     * from the bucket's first key (inclusive) or, {@code backwards}, down from the next bucket's first
     * key (exclusive); a null bound is the start (or end) of the order.
     */
    public record Seek(Bucket bound, boolean backwards, long skip, int rows) {
    }

    /** How many seeks read every bucket so far, not only those up to their page (for tests: that both ways ran). */
    public long everyBucketReads() {
        return everyBucketReads.get();
    }

    /** Offsets from which a page seeks from the rank: below a bucket's size a plain skip is as short. */
    public int piece() {
        return piece;
    }

    /** How many pages sought from this rank so far (for tests: that the rank was used). */
    public long seeks() {
        return seeks.get();
    }

    /**
     * Finds where the page of {@code limit} rows from row {@code offset} is, counted from the start
     * or, {@code descending}, from the end, whichever way the caller reads: from the start of the
     * bucket that holds its first row, or down from the end of the one that holds its last, whichever
     * skips fewer rows, so about half a bucket at most. Backwards only when it skips under three
     * quarters as many: skipping 1,000 entries of the sign-in index took 0.39 ms backwards, 0.30 ms
     * forwards (decision 0047). Null past the last row.
     * <p>
     * What it reads, it reads in the caller's transaction, so that it counts exactly the rows the
     * caller's next read sees. A page counted from the start that lies within the closed buckets
     * needs only those up to it, and not the organization's number of sub-users (the open bucket's
     * count): once a read has shown how many rows this organization's buckets hold, the buckets up
     * to such a page are read alone, streamed from the first and stopped there (decision 0057).
     * Otherwise, or when they hold fewer rows than guessed, every bucket is read.
     */
    public Seek seek(long organizationId, boolean descending, long offset, int limit) {
        seeks.incrementAndGet();
        Long averageRows = descending ? null : rowsPerBucket.get(organizationId);
        if (averageRows != null) {
            // A quarter more, and two, than the organization's buckets held on average at its last read: a
            // page's buckets may hold fewer than the average (those a sign-in leaves lose rows until merged).
            long guessed = Math.min(MOST_GUESSED, (offset + limit) * 5 / (4 * averageRows) + 2);
            List<Bucket> closed = closedBuckets(organizationId, (int) guessed);
            if (closed.stream().mapToLong(Bucket::subUsers).sum() >= offset + limit) {
                return seekIn(closed, false, offset, limit);
            }
        }
        everyBucketReads.incrementAndGet();
        List<Bucket> buckets = buckets(organizationId);
        remember(organizationId, buckets.subList(0, Math.max(0, buckets.size() - 1)));
        return seekIn(buckets, descending, offset, limit);
    }

    private static Seek seekIn(List<Bucket> buckets, boolean descending, long offset, int limit) {
        SubUserRanks.Span span = SubUserRanks.nearerEnd(buckets.stream().map(Bucket::subUsers).toList(), descending, offset, limit);
        if (span == null) {
            return null;
        }
        int at = span.bucket();
        Bucket bound = span.backwards() ? (at + 1 < buckets.size() ? buckets.get(at + 1) : null) : (at == 0 ? null : buckets.get(at));
        return new Seek(bound, span.backwards(), span.skip(), span.rows());
    }

    /** The organization's buckets in order, each with its count (the open one's derived). */
    public List<Bucket> buckets(long organizationId) {
        List<Object[]> rows = jdbc.query("SELECT " + AT + ", lower_id, SUM(sub_users), "
                        + "(SELECT COALESCE(SUM(t.sub_users), 0) FROM sub_user_tally t WHERE t.organization_id = :organizationId) "
                        + BUCKETS_IN_ORDER,
                Map.of("organizationId", organizationId),
                (rs, n) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        return inOrder(organizationId, rows);
    }

    /**
     * The first {@code guessed} buckets with their counts, then the next key, as a bucket that counts
     * nothing. The next key may be the open bucket's, when fewer are read: its count is what the
     * closed ones leave of the organization, which this does not read.
     */
    private List<Bucket> closedBuckets(long organizationId, int guessed) {
        List<Bucket> read = jdbc.query("SELECT " + AT + ", lower_id, SUM(sub_users) " + BUCKETS_IN_ORDER + " LIMIT :rows",
                Map.of("organizationId", organizationId, "rows", guessed + 1),
                (rs, n) -> new Bucket(organizationId, rs.getString(1), rs.getLong(2), rs.getLong(3), false));
        if (read.isEmpty()) {
            return read;
        }
        List<Bucket> closed = new ArrayList<>(read.subList(0, read.size() - 1));
        remember(organizationId, closed);
        Bucket next = read.get(read.size() - 1);
        closed.add(new Bucket(organizationId, next.lowerAt(), next.lowerId(), 0, false));
        return closed;
    }

    /** How many rows these closed buckets hold on average: the guess of how many the next seek reads, never a count. */
    private void remember(long organizationId, List<Bucket> closed) {
        if (closed.isEmpty()) {
            return;
        }
        if (rowsPerBucket.size() >= ORGANIZATIONS_REMEMBERED) {
            rowsPerBucket.clear();
        }
        rowsPerBucket.put(organizationId, Math.max(1, closed.stream().mapToLong(Bucket::subUsers).sum() / closed.size()));
    }

    private static List<Bucket> inOrder(long organizationId, List<Object[]> rows) {
        List<Bucket> buckets = new ArrayList<>();
        long closed = 0;
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            boolean open = i == rows.size() - 1;
            long count = open ? (long) row[3] - closed : (long) row[2];
            closed += count;
            buckets.add(new Bucket(organizationId, (String) row[0], (long) row[1], count, open));
        }
        return buckets;
    }

    /**
     * The condition that a row of alias {@code a} is at or after the bucket's first key (or, with
     * {@code before}, strictly before it), in terms the index {@code (…, last_sign_in_at, id)} serves
     * as ranges; its parameters go into {@code params}.
     */
    static String bound(Bucket bucket, boolean before, MapSqlParameterSource params) {
        return bound(bucket, before, params, "signInRank");
    }

    private static String bound(Bucket bucket, boolean before, MapSqlParameterSource params, String name) {
        params.addValue(name + "At", bucket.lowerAt()).addValue(name + "Id", bucket.lowerId());
        String at = ":" + name + "At";
        String id = ":" + name + "Id";
        if (bucket.never()) {
            return before ? "a.last_sign_in_at IS NULL AND a.id < " + id
                    : "(a.last_sign_in_at IS NULL AND a.id >= " + id + " OR a.last_sign_in_at IS NOT NULL)";
        }
        return before
                ? "(a.last_sign_in_at IS NULL OR a.last_sign_in_at < " + at + " OR a.last_sign_in_at = " + at + " AND a.id < " + id + ")"
                : "(a.last_sign_in_at > " + at + " OR a.last_sign_in_at = " + at + " AND a.id >= " + id + ")";
    }

    /** Every bucket of every organization, in order (the open ones with their derived counts). */
    private List<List<Bucket>> everyOrganization() {
        List<List<Bucket>> organizations = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        long[] current = {-1};
        jdbc.query("SELECT r.organization_id, " + AT.replace("lower_at", "r.lower_at") + ", r.lower_id, SUM(r.sub_users), "
                        + "(SELECT COALESCE(SUM(t.sub_users), 0) FROM sub_user_tally t WHERE t.organization_id = r.organization_id) "
                        + "FROM sub_user_sign_in_rank r GROUP BY r.organization_id, r.lower_at, r.lower_id "
                        + "ORDER BY r.organization_id, r.lower_at, r.lower_id",
                Map.of(), (RowCallbackHandler) rs -> {
                    long organizationId = rs.getLong(1);
                    if (organizationId != current[0] && !rows.isEmpty()) {
                        organizations.add(inOrder(current[0], rows));
                        rows.clear();
                    }
                    current[0] = organizationId;
                    rows.add(new Object[] {rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                });
        if (!rows.isEmpty()) {
            organizations.add(inOrder(current[0], rows));
        }
        return organizations;
    }

    /** Buckets to cut: closed ones above {@link #SPLIT_ABOVE} rows, and open ones too (cut only where closable). */
    public List<Bucket> oversized() {
        return everyOrganization().stream().flatMap(List::stream).filter(bucket -> bucket.subUsers() > splitAbove).toList();
    }

    /** Closed neighbours to merge (never into the open bucket): each pair as the lower bucket and the one after it. */
    public List<List<Bucket>> mergeable() {
        List<List<Bucket>> pairs = new ArrayList<>();
        for (List<Bucket> buckets : everyOrganization()) {
            for (int i = 0; i + 1 < buckets.size(); i++) {
                Bucket lower = buckets.get(i);
                Bucket next = buckets.get(i + 1);
                if (!next.open() && (lower.subUsers() < mergeBelow || next.subUsers() < mergeBelow)
                        && lower.subUsers() + next.subUsers() <= mergedAtMost) {
                    pairs.add(List.of(lower, next));
                    i++;
                }
            }
        }
        return pairs;
    }

    /**
     * Cuts a bucket into pieces, in the caller's READ COMMITTED transaction, holding its 8 shard rows
     * (taken without waiting). Every transaction that counted in the bucket has committed (it held
     * one of them); one that moved a row out of or into it and has not counted yet is invisible to
     * the fresh read here, and counts after this commits, in the piece the row's key is then in. A
     * new sign-in of the last five minutes counts nowhere, and no boundary is put after an hour ago:
     * it is in the last (open) piece whatever this reads. A writer already waiting for the bucket
     * holds the gap above it, so inserting the boundaries fails at once and nothing is cut. A closed
     * bucket's rows must agree with its counts, shard by shard, or nothing is cut ({@code drift}). The
     * open bucket is first counted without locks: with no more than a piece old enough to close it is
     * left at once (decision 0042).
     */
    public Split split(Bucket bucket) {
        if (bucket.open() && !closable(bucket)) {
            return new Split(false, null);
        }
        MapSqlParameterSource params = key(bucket);
        List<long[]> locked = jdbc.query(NO_WAIT + "SELECT shard, sub_users FROM " + LOCKED_THROUGH + " WHERE organization_id = :organizationId "
                + "AND shard IN (" + SHARD_LIST + ") AND lower_at = :lowerAt AND lower_id = :lowerId FOR UPDATE", params,
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)});
        if (locked.size() != SHARDS) {
            return new Split(false, null);
        }
        List<Bucket> now = buckets(bucket.organizationId());
        int at = now.indexOf(now.stream().filter(b -> b.lowerAt().equals(bucket.lowerAt()) && b.lowerId() == bucket.lowerId())
                .findFirst().orElse(null));
        if (at < 0 || now.get(at).subUsers() <= splitAbove) {
            return new Split(false, null);
        }
        Bucket current = now.get(at);
        Bucket upper = at + 1 < now.size() ? now.get(at + 1) : null;
        params.addValue("role", AccountRole.SUB_USER.name());
        String where = "a.organization_id = :organizationId AND a.role = :role AND " + bound(current, false, params, "from")
                + (upper == null ? "" : " AND " + bound(upper, true, params, "upper"));
        List<String> keysAt = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        int[] closable = {0};
        streaming.query("SELECT DATE_FORMAT(COALESCE(a.last_sign_in_at, '" + NEVER + "'), '%Y-%m-%d %H:%i:%s.%f'), a.id, "
                        + "a.last_sign_in_at IS NULL OR a.last_sign_in_at <= " + CLOSABLE + " "
                        + "FROM account a FORCE INDEX (" + SubUserOrder.LAST_SIGN_IN.index(false) + ") WHERE " + where
                        + " ORDER BY a.last_sign_in_at, a.id",
                params, (RowCallbackHandler) rs -> {
                    keysAt.add(rs.getString(1));
                    ids.add(rs.getLong(2));
                    if (rs.getBoolean(3)) {
                        closable[0]++;
                    }
                });
        int rows = ids.size();
        if (!current.open()) {
            long[] stored = new long[SHARDS];
            locked.forEach(shard -> stored[(int) shard[0]] = shard[1]);
            long[] read = new long[SHARDS];
            ids.forEach(id -> read[(int) (id % SHARDS)]++);
            if (!java.util.Arrays.equals(stored, read)) {
                return new Split(false, "sign-in bucket (" + bucket.lowerAt() + ", " + bucket.lowerId() + ") of organization "
                        + bucket.organizationId() + " counts " + java.util.Arrays.toString(stored) + " by shard but holds "
                        + java.util.Arrays.toString(read));
            }
        }
        List<Integer> starts = new ArrayList<>();
        if (current.open()) {
            for (int start = piece; start < closable[0]; start += piece) {
                starts.add(start);
            }
        } else {
            int pieces = Math.max(2, rows / piece);
            int size = (rows + pieces - 1) / pieces;
            for (int start = size; start < rows; start += size) {
                starts.add(start);
            }
        }
        if (starts.isEmpty()) {
            return new Split(false, null);
        }
        starts.add(0, 0);
        starts.add(rows);
        MapSqlParameterSource insert = key(bucket);
        StringBuilder values = new StringBuilder();
        for (int p = 0; p + 1 < starts.size(); p++) {
            long[] inPiece = new long[SHARDS];
            for (int row = starts.get(p); row < starts.get(p + 1); row++) {
                inPiece[(int) (ids.get(row) % SHARDS)]++;
            }
            if (p == 0) {
                // Every shard row of the bucket changes first, even one whose count stays: Galera certifies the rows
                // a transaction changed (not its locks), and a writer that counted here must conflict with this cut.
                jdbc.update("UPDATE sub_user_sign_in_rank SET sub_users = sub_users + 1 WHERE organization_id = :organizationId "
                        + "AND shard IN (" + SHARD_LIST + ") AND lower_at = :lowerAt AND lower_id = :lowerId", key(bucket));
                for (int shard = 0; shard < SHARDS; shard++) {
                    jdbc.update("UPDATE sub_user_sign_in_rank SET sub_users = :kept WHERE organization_id = :organizationId "
                            + "AND shard = :shard AND lower_at = :lowerAt AND lower_id = :lowerId",
                            key(bucket).addValue("kept", inPiece[shard]).addValue("shard", shard));
                }
                continue;
            }
            int first = starts.get(p);
            insert.addValue("at" + p, keysAt.get(first)).addValue("id" + p, ids.get(first));
            for (int shard = 0; shard < SHARDS; shard++) {
                values.append(values.isEmpty() ? "" : ", ").append("(:organizationId, ").append(shard).append(", :at").append(p)
                        .append(", :id").append(p).append(", ").append(inPiece[shard]).append(')');
            }
        }
        jdbc.update(NO_WAIT + "INSERT INTO sub_user_sign_in_rank (organization_id, shard, lower_at, lower_id, sub_users) VALUES "
                + values, insert);
        return new Split(true, null);
    }

    /**
     * Whether the open bucket holds more than a piece of rows old enough to close, by a plain read
     * (no lock): only then is it worth holding its shard rows and reading it whole. A bucket that
     * most sign-ins keep recent would otherwise be locked and streamed every round for nothing. The
     * cut itself reads again under its locks, so a row that moves meanwhile is still counted right.
     */
    private boolean closable(Bucket open) {
        MapSqlParameterSource params = key(open).addValue("role", AccountRole.SUB_USER.name()).addValue("enough", piece + 1);
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1 FROM account a FORCE INDEX ("
                + SubUserOrder.LAST_SIGN_IN.index(false) + ") WHERE a.organization_id = :organizationId AND a.role = :role AND "
                + bound(open, false, params, "from") + " AND (a.last_sign_in_at IS NULL OR a.last_sign_in_at <= " + CLOSABLE + ") "
                + "LIMIT :enough) c", params, Integer.class);
        return found != null && found > piece;
    }

    /**
     * Adds the closed bucket after {@code lower} to it, in the caller's READ COMMITTED transaction,
     * when neither is in use, they are still neighbours, the second is not the open one and they fit
     * together. Counts only move between locked rows, shard by shard.
     */
    public boolean merge(Bucket lower, Bucket next) {
        MapSqlParameterSource params = key(lower).addValue("nextAt", next.lowerAt()).addValue("nextId", next.lowerId());
        List<long[]> locked = jdbc.query(NO_WAIT + "SELECT shard, sub_users, lower_at = :nextAt AND lower_id = :nextId "
                        + "FROM " + LOCKED_THROUGH + " WHERE organization_id = :organizationId AND shard IN (" + SHARD_LIST + ") "
                        + "AND (lower_at = :lowerAt AND lower_id = :lowerId OR lower_at = :nextAt AND lower_id = :nextId) FOR UPDATE",
                params, (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0});
        List<Bucket> now = buckets(lower.organizationId());
        int at = -1;
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i).lowerAt().equals(lower.lowerAt()) && now.get(i).lowerId() == lower.lowerId()) {
                at = i;
            }
        }
        if (locked.size() != 2 * SHARDS || at < 0 || at + 2 >= now.size()
                || !now.get(at + 1).lowerAt().equals(next.lowerAt()) || now.get(at + 1).lowerId() != next.lowerId()
                || now.get(at).subUsers() + now.get(at + 1).subUsers() > mergedAtMost) {
            return false;
        }
        long[] moved = new long[SHARDS];
        locked.stream().filter(row -> row[2] == 1).forEach(row -> moved[(int) row[0]] = row[1]);
        jdbc.update("DELETE FROM sub_user_sign_in_rank WHERE organization_id = :organizationId AND shard IN (" + SHARD_LIST + ") "
                + "AND lower_at = :nextAt AND lower_id = :nextId", params);
        for (int shard = 0; shard < SHARDS; shard++) {
            jdbc.update("UPDATE sub_user_sign_in_rank SET sub_users = sub_users + :moved WHERE organization_id = :organizationId "
                    + "AND shard = :shard AND lower_at = :lowerAt AND lower_id = :lowerId",
                    key(lower).addValue("moved", moved[shard]).addValue("shard", shard));
        }
        return true;
    }

    private static MapSqlParameterSource key(Bucket bucket) {
        return new MapSqlParameterSource().addValue("organizationId", bucket.organizationId())
                .addValue("lowerAt", bucket.lowerAt()).addValue("lowerId", bucket.lowerId());
    }
}
