package io.storageconsole.account.domain;

import io.storageconsole.base.database.StreamingReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The exact rank of an organization's sub-users by email ({@code sub_user_email_rank}, V131): buckets
 * of consecutive addresses with exact counts, kept by the account triggers in the changing
 * transaction. A page at any offset reads the buckets (about one per thousand sub-users), seeks to
 * the start of the bucket that holds its first row or to the end of the one that holds its last,
 * whichever is nearer, and skips fewer rows than that bucket holds (about half at most). Rebalancing
 * keeps buckets between {@link #MERGE_BELOW} and {@link #SPLIT_ABOVE} rows; it never waits for a lock
 * (a bucket in use is left for the next round), so it never holds up a sign-in or an administrator's
 * change. See docs/decisions/0031-an-exact-rank-of-sub-users-by-email.md and
 * 0049-a-page-by-email-seeks-from-the-nearer-end-of-its-bucket.md.
 */
@Repository
public class SubUserRanks {

    /** The partition of every sub-user; the others are named by their MFA state. */
    public static final String EVERY_STATE = "";
    /** A bucket larger than this is cut into pieces of about {@link #PIECE}. */
    public static final int SPLIT_ABOVE = 2_000;
    public static final int PIECE = 1_000;
    /** Two neighbours merge when one has fewer rows than this and together they hold at most {@link #MERGED_AT_MOST}. */
    public static final int MERGE_BELOW = 500;
    public static final int MERGED_AT_MOST = 1_500;

    /** Fails at once instead of waiting when another transaction holds the lock. */
    private static final String NO_WAIT = "SET STATEMENT innodb_lock_wait_timeout = 0 FOR ";

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final int splitAbove;
    private final int piece;
    private final int mergeBelow;
    private final int mergedAtMost;

    @Autowired
    SubUserRanks(DataSource dataSource) {
        this(dataSource, SPLIT_ABOVE, PIECE, MERGE_BELOW, MERGED_AT_MOST);
    }

    /** With other bucket sizes, so that tests rebalance a few dozen rows as often as production does thousands. */
    public SubUserRanks(DataSource dataSource, int splitAbove, int piece, int mergeBelow, int mergedAtMost) {
        checkSizes(splitAbove, piece, mergeBelow, mergedAtMost);
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.streaming = StreamingReads.template(dataSource);
        this.splitAbove = splitAbove;
        this.piece = piece;
        this.mergeBelow = mergeBelow;
        this.mergedAtMost = mergedAtMost;
    }

    /** Sizes that never split what they merge, nor merge what they split: both ranks' buckets keep to them. */
    static void checkSizes(int splitAbove, int piece, int mergeBelow, int mergedAtMost) {
        if (piece < 1 || splitAbove < 2 * piece - 1 || mergedAtMost >= splitAbove || mergeBelow > mergedAtMost) {
            throw new IllegalArgumentException("Bucket sizes that would split what they merge");
        }
    }

    /** One bucket: the addresses of a partition from {@code lowerEmail} up to the next bucket's. */
    public record Bucket(long organizationId, String mfaState, String lowerEmail, int subUsers) {
    }

    /**
     * Where a page of {@code rows} rows is: in partition {@code mfaState}, {@code skip} rows past
     * {@code bound}, read forwards from the first address of a bucket (inclusive) or, {@code backwards},
     * down from the first address after one (exclusive); a null bound is the partition's start (or end).
     * A page that runs past the partition's edge goes on in the next partitions of the way it is read.
     */
    public record Seek(String mfaState, String bound, boolean backwards, long skip, int rows) {
    }

    /**
     * Reads the buckets of the partitions (in the caller's transaction, so that they count exactly
     * the rows its next read sees) and finds where the page of {@code limit} rows from row
     * {@code offset} is, counted through the partitions (given in ascending order, each by email)
     * from the start or, {@code descending}, from the end, whichever way the caller reads: from the
     * start of the bucket that holds its first row, or down from the end of the one that holds its
     * last, whichever is nearer ({@link #nearerEnd}), so about half a bucket at most. Null past the last row.
     */
    public Seek seek(long organizationId, List<String> partitions, boolean descending, long offset, int limit) {
        List<Bucket> buckets = jdbc.query("SELECT organization_id, mfa_state, lower_email, sub_users FROM sub_user_email_rank "
                        + "WHERE organization_id = :organizationId AND mfa_state IN (:partitions) ORDER BY mfa_state, lower_email",
                Map.of("organizationId", organizationId, "partitions", partitions), SubUserRanks::bucket);
        List<Bucket> inOrder = new ArrayList<>();
        for (String partition : partitions) {
            buckets.stream().filter(bucket -> bucket.mfaState().equals(partition)).forEach(inOrder::add);
        }
        Span span = nearerEnd(inOrder.stream().map(bucket -> (long) bucket.subUsers()).toList(), descending, offset, limit);
        if (span == null) {
            return null;
        }
        Bucket bucket = inOrder.get(span.bucket());
        if (!span.backwards()) {
            return new Seek(bucket.mfaState(), bucket.lowerEmail().isEmpty() ? null : bucket.lowerEmail(), false, span.skip(), span.rows());
        }
        Bucket next = span.bucket() + 1 < inOrder.size() ? inOrder.get(span.bucket() + 1) : null;
        String bound = next != null && next.mfaState().equals(bucket.mfaState()) ? next.lowerEmail() : null;
        return new Seek(bucket.mfaState(), bound, true, span.skip(), span.rows());
    }

    /**
     * Where a page lies among consecutive buckets of {@code sizes} rows: the page of {@code limit}
     * rows from row {@code offset}, counted from the start or, {@code descending}, from the end, taken
     * as rows of the ascending order and read forwards from the start of the bucket that holds its
     * first row or backwards from the end of the one that holds its last, whichever skips fewer rows;
     * backwards only under three quarters as many, for an index's dearer steps backwards. Both ranks
     * seek with it (decisions 0047, 0049). Null past the last row.
     */
    static Span nearerEnd(List<Long> sizes, boolean descending, long offset, int limit) {
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        // The page as rows [first, end) of the ascending order.
        long end = descending ? total - offset : Math.min(offset + limit, total);
        long first = descending ? Math.max(0, end - limit) : offset;
        if (first >= end) {
            return null;
        }
        int rows = (int) (end - first);
        Span forwards = null;
        Span backwards = null;
        long before = 0;
        for (int at = 0; at < sizes.size() && backwards == null; at++) {
            long after = before + sizes.get(at);
            if (forwards == null && after > first) {
                forwards = new Span(at, false, first - before, rows);
            }
            if (after >= end) {
                backwards = new Span(at, true, after - end, rows);
            }
            before = after;
        }
        return 4 * backwards.skip() < 3 * forwards.skip() ? backwards : forwards;
    }

    /** Bucket {@code bucket}, read from its first row forwards or, {@code backwards}, from its last: {@code skip} rows skipped, {@code rows} read. */
    record Span(int bucket, boolean backwards, long skip, int rows) {
    }

    /** The buckets of every organization, in order (for tests and the checks of the benchmark). */
    public List<Bucket> buckets(long organizationId) {
        return jdbc.query("SELECT organization_id, mfa_state, lower_email, sub_users FROM sub_user_email_rank "
                + "WHERE organization_id = :organizationId ORDER BY mfa_state, lower_email",
                Map.of("organizationId", organizationId), SubUserRanks::bucket);
    }

    /** Buckets to cut, largest first. */
    public List<Bucket> oversized() {
        return jdbc.query("SELECT organization_id, mfa_state, lower_email, sub_users FROM sub_user_email_rank "
                + "WHERE sub_users > :splitAbove ORDER BY sub_users DESC", Map.of("splitAbove", splitAbove), SubUserRanks::bucket);
    }

    /** Neighbours to merge: each pair as the lower bucket and the one after it. */
    public List<List<Bucket>> mergeable() {
        List<List<Bucket>> pairs = new ArrayList<>();
        jdbc.query("SELECT organization_id, mfa_state, lower_email, sub_users, next_email, next_users FROM ("
                        + "SELECT organization_id, mfa_state, lower_email, sub_users, "
                        + "LEAD(lower_email) OVER w AS next_email, LEAD(sub_users) OVER w AS next_users FROM sub_user_email_rank "
                        + "WINDOW w AS (PARTITION BY organization_id, mfa_state ORDER BY lower_email)) b "
                        + "WHERE next_email IS NOT NULL AND (sub_users < :mergeBelow OR next_users < :mergeBelow) "
                        + "AND sub_users + next_users <= :mergedAtMost",
                Map.of("mergeBelow", mergeBelow, "mergedAtMost", mergedAtMost), (RowCallbackHandler) rs -> {
                    Bucket lower = bucket(rs, 0);
                    Bucket next = new Bucket(lower.organizationId(), lower.mfaState(), rs.getString("next_email"), rs.getInt("next_users"));
                    // Pairs must not overlap: a merged bucket is looked at again in the next round.
                    if (pairs.isEmpty() || !pairs.get(pairs.size() - 1).get(1).equals(lower)) {
                        pairs.add(List.of(lower, next));
                    }
                });
        return pairs;
    }

    /**
     * Cuts a bucket into pieces of about {@link #PIECE} rows, in the caller's READ COMMITTED
     * transaction. Holding the bucket's lock, every transaction that counted in it has committed,
     * and one that changed a row in it but has not counted yet is invisible here and counts after
     * this commits, in the piece its address then belongs to: the fresh read of the rows and the
     * bucket's count agree. A writer already waiting for the bucket holds the gap above it (V131),
     * so inserting the new boundaries fails at once and nothing is cut. Returns false (and changes nothing) when the bucket is in use, gone or
     * small, or when the rows disagree with the count (which would be a bug: logged by the caller).
     */
    public Split split(Bucket bucket) {
        MapSqlParameterSource params = key(bucket);
        List<Integer> locked = jdbc.queryForList(NO_WAIT + "SELECT sub_users FROM sub_user_email_rank "
                + "WHERE organization_id = :organizationId AND mfa_state = :mfaState AND lower_email = :lowerEmail FOR UPDATE",
                params, Integer.class);
        if (locked.isEmpty() || locked.get(0) <= splitAbove) {
            return Split.NOT_NEEDED;
        }
        int counted = locked.get(0);
        String upper = jdbc.queryForObject("SELECT MIN(lower_email) FROM sub_user_email_rank WHERE organization_id = :organizationId "
                + "AND mfa_state = :mfaState AND lower_email > :lowerEmail", params, String.class);
        params.addValue("upper", upper).addValue("role", AccountRole.SUB_USER.name());
        boolean everyState = bucket.mfaState().equals(EVERY_STATE);
        int pieces = Math.max(2, counted / piece);
        long size = (counted + pieces - 1) / pieces;
        List<String> boundaries = new ArrayList<>();
        long[] rows = {0};
        streaming.query("SELECT a.email FROM account a FORCE INDEX ("
                        + (everyState ? "ix_account_org_role_email" : "ix_account_org_role_mfa_email") + ") "
                        + "WHERE a.organization_id = :organizationId AND a.role = :role"
                        + (everyState ? "" : " AND a.mfa_state = :mfaState")
                        + " AND a.email >= :lowerEmail" + (upper == null ? "" : " AND a.email < :upper") + " ORDER BY a.email",
                params, (RowCallbackHandler) rs -> {
                    if (rows[0] > 0 && rows[0] % size == 0) {
                        boundaries.add(rs.getString(1));
                    }
                    rows[0]++;
                });
        if (rows[0] != counted) {
            return new Split(false, "bucket " + bucket.lowerEmail() + " of organization " + bucket.organizationId()
                    + " (" + (everyState ? "every state" : bucket.mfaState()) + ") counts " + counted + " but holds " + rows[0]);
        }
        MapSqlParameterSource insert = key(bucket);
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < boundaries.size(); i++) {
            long inPiece = Math.min(size, counted - (i + 1) * size);
            values.append(i == 0 ? "" : ", ").append("(:organizationId, :mfaState, :boundary").append(i).append(", ").append(inPiece).append(')');
            insert.addValue("boundary" + i, boundaries.get(i));
        }
        jdbc.update(NO_WAIT + "INSERT INTO sub_user_email_rank (organization_id, mfa_state, lower_email, sub_users) VALUES " + values, insert);
        jdbc.update("UPDATE sub_user_email_rank SET sub_users = :kept WHERE organization_id = :organizationId "
                + "AND mfa_state = :mfaState AND lower_email = :lowerEmail", key(bucket).addValue("kept", size));
        return Split.DONE;
    }

    /** What {@link #split} did; {@code drift} names a bucket whose rows disagree with its count. */
    public record Split(boolean done, String drift) {
        static final Split DONE = new Split(true, null);
        static final Split NOT_NEEDED = new Split(false, null);
    }

    /**
     * Adds the bucket after {@code lower} to it, in the caller's READ COMMITTED transaction, when
     * neither is in use and they are still neighbours that fit together. Counts only move between
     * two locked rows: nothing is read from account.
     */
    public boolean merge(Bucket lower, Bucket next) {
        MapSqlParameterSource params = key(lower).addValue("nextEmail", next.lowerEmail());
        List<Bucket> locked = jdbc.query(NO_WAIT + "SELECT organization_id, mfa_state, lower_email, sub_users FROM sub_user_email_rank "
                        + "WHERE organization_id = :organizationId AND mfa_state = :mfaState AND lower_email IN (:lowerEmail, :nextEmail) "
                        + "ORDER BY lower_email FOR UPDATE", params, SubUserRanks::bucket);
        Integer between = jdbc.queryForObject("SELECT COUNT(*) FROM sub_user_email_rank WHERE organization_id = :organizationId "
                + "AND mfa_state = :mfaState AND lower_email > :lowerEmail AND lower_email < :nextEmail", params, Integer.class);
        if (locked.size() != 2 || between == null || between > 0
                || locked.get(0).subUsers() + locked.get(1).subUsers() > mergedAtMost) {
            return false;
        }
        params.addValue("moved", locked.get(1).subUsers());
        jdbc.update("DELETE FROM sub_user_email_rank WHERE organization_id = :organizationId AND mfa_state = :mfaState "
                + "AND lower_email = :nextEmail", params);
        jdbc.update("UPDATE sub_user_email_rank SET sub_users = sub_users + :moved WHERE organization_id = :organizationId "
                + "AND mfa_state = :mfaState AND lower_email = :lowerEmail", params);
        return true;
    }

    private static MapSqlParameterSource key(Bucket bucket) {
        return new MapSqlParameterSource().addValue("organizationId", bucket.organizationId())
                .addValue("mfaState", bucket.mfaState()).addValue("lowerEmail", bucket.lowerEmail());
    }

    private static Bucket bucket(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Bucket(rs.getLong("organization_id"), rs.getString("mfa_state"), rs.getString("lower_email"), rs.getInt("sub_users"));
    }
}
