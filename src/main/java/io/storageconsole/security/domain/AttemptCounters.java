package io.storageconsole.security.domain;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The SQL of the {@code attempt_counter} table, one row per kind and key (AttemptLimiter decides when). */
@Repository
public class AttemptCounters {

    private final JdbcClient jdbc;

    AttemptCounters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A counter's attempts in its window, and the lock that runs (null for none). */
    public record Counter(int attempts, Instant lockedUntil) {
    }

    /** One counter's primary key. */
    public record Key(String kind, String subject) {
    }

    /** The order of the primary key (utf8mb4_bin, for the ASCII keys there are). */
    public static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::kind).thenComparing(Key::subject);

    /**
     * Creates the counters that are missing (with no attempts) and takes the row lock of every one,
     * in key order, in one statement: the caller's transaction owns them until it ends. Meeting an
     * existing key, INSERT ... ON DUPLICATE KEY UPDATE locks it exclusively at once; INSERT IGNORE
     * would share-lock it, and two requests each upgrading a shared lock deadlock (decision 0006).
     */
    public void lockOrCreate(List<Key> keys, Instant now) {
        jdbc.sql(lockOrCreateSql(distinctInOrder(keys).size())).params(lockOrCreateParams(keys, now)).update();
    }

    private static List<Key> distinctInOrder(List<Key> keys) {
        return keys.stream().distinct().sorted(KEY_ORDER).toList();
    }

    private static String lockOrCreateSql(int rows) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            values.add("(:lockKind" + i + ", :lockSubject" + i + ", 0, :lockAt, 0)");
        }
        return "INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count) VALUES "
                + String.join(", ", values) + " ON DUPLICATE KEY UPDATE attempts = attempts";
    }

    private static Map<String, Object> lockOrCreateParams(List<Key> keys, Instant now) {
        List<Key> inOrder = distinctInOrder(keys);
        Map<String, Object> params = new HashMap<>();
        params.put("lockAt", Timestamp.from(now));
        for (int i = 0; i < inOrder.size(); i++) {
            params.put("lockKind" + i, inOrder.get(i).kind());
            params.put("lockSubject" + i, inOrder.get(i).subject());
        }
        return params;
    }

    /**
     * {@link #lockOrCreate} and the counting of one counter (V145's {@code attempt_count}) in one
     * round trip, in the caller's transaction: V147's stored procedure {@code attempt_count_locked},
     * without transaction control of its own (the caller's transaction owns the lock until it ends;
     * an error, a lost conflict among them, reaches the caller as before, decision 0046).
     *
     * @return whether the attempt was counted (false: a lock refused it)
     */
    public boolean lockOrCreateAndCount(Counting counting, Instant now) {
        return jdbc.sql("CALL attempt_count_locked(?, ?, ?, ?, ?, ?, ?)")
                .params(counting.key().kind(), counting.key().subject(), counting.maxAttempts(),
                        Timestamp.from(now.minus(counting.window())), counting.firstLock().toSeconds(),
                        counting.longestLock().toSeconds(), Timestamp.from(now))
                .query(Boolean.class).single();
    }

    /** What one reservation counts: a key under its policy's limit, window and locks. */
    public record Counting(Key key, int maxAttempts, Duration window, Duration firstLock, Duration longestLock) {
    }

    /**
     * The answer of {@link #reserveAll}: the position (from 0) of the counter whose lock refused,
     * or -1 when every one counted; each counter as it stood before the commit (the refusing one's
     * lock when refused).
     */
    public record Reserved(int refusedAt, List<Counter> counters) {
    }

    /**
     * The compound statements begin and commit a transaction of their own: inside the caller's, their
     * {@code START TRANSACTION} would commit the caller's work half-way, silently.
     */
    private static void requireNoTransaction() {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A compound statement that commits must not run inside a transaction");
        }
    }

    /** The most counters {@link #reserveAll} takes at once: V145's {@code attempt_reserve} has three places. */
    public static final int RESERVED_AT_ONCE = 3;
    /** Its arguments: how many counters, the time, three row locks, three countings. */
    private static final String RESERVE_CALL = "CALL attempt_reserve("
            + String.join(", ", Collections.nCopies(2 + 2 * RESERVED_AT_ONCE + 6 * RESERVED_AT_ONCE, "?")) + ")";

    /**
     * A whole reservation in one round trip, on a connection outside any transaction (autocommit):
     * V145's stored procedure {@code attempt_reserve} begins a transaction, takes every row lock
     * ({@link #lockOrCreate}), counts each counter until one refuses, reads them back, and commits,
     * or rolls back when one refused, before it answers: an answer means the count is durable. Any
     * error rolls back and is raised again, so no transaction stays open on the pooled connection
     * (decision 0043). A procedure rather than a compound statement: the server parses it once per
     * connection, not at every sign-in (decision 0054).
     */
    public Reserved reserveAll(List<Counting> countings, Instant now) {
        requireNoTransaction();
        if (countings.isEmpty() || countings.size() > RESERVED_AT_ONCE) {
            throw new IllegalArgumentException("A reservation counts 1 to " + RESERVED_AT_ONCE + " counters, not " + countings.size());
        }
        List<Key> locks = distinctInOrder(countings.stream().map(Counting::key).toList());
        List<Object> params = new ArrayList<>(List.of(countings.size(), Timestamp.from(now)));
        // Every place is filled, the unused ones with the last key or counting again (no untyped null,
        // which would make Spring ask the driver for its type, a round trip of its own): locking a
        // row twice changes nothing, and the procedure counts only the first {@code counters}.
        for (int i = 0; i < RESERVED_AT_ONCE; i++) {
            Key lock = locks.get(Math.min(i, locks.size() - 1));
            params.add(lock.kind());
            params.add(lock.subject());
        }
        for (int i = 0; i < RESERVED_AT_ONCE; i++) {
            Counting counting = countings.get(Math.min(i, countings.size() - 1));
            params.add(counting.key().kind());
            params.add(counting.key().subject());
            params.add(counting.maxAttempts());
            params.add(Timestamp.from(now.minus(counting.window())));
            params.add(counting.firstLock().toSeconds());
            params.add(counting.longestLock().toSeconds());
        }
        return jdbc.sql(RESERVE_CALL).params(params).query((rs, n) -> {
            List<Counter> read = new ArrayList<>();
            for (int i = 0; i < countings.size(); i++) {
                read.add(new Counter(rs.getInt(2 + 2 * i), instant(rs.getTimestamp(3 + 2 * i))));
            }
            return new Reserved(rs.getInt(1) - 1, read);
        }).single();
    }

    /** Rolls back whatever failed and raises it again, so a compound statement never leaves a transaction open. */
    private static final String ROLLED_BACK_ON_ERROR = "DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END; ";

    /**
     * Gives one counted attempt back (its check succeeded, or never ran). A lock goes with it only
     * if this very attempt set it ({@code itsLock}, the last allowed one, whose lock stood in case it
     * failed) and it still stands: an attempt given back never lifts a lock that others' attempts
     * set, so however many are given back, no more checks run than the limit. Each assignment reads
     * only columns assigned after it, so any assignment order gives the same row.
     *
     * @param itsLock the lock this attempt set when reserved, or null
     * @return 1 when an attempt was given back
     */
    public int refund(String kind, String key, Instant itsLock) {
        return jdbc.sql(refundSql("")).params(refundParams("", new Refund(new Key(kind, key), itsLock))).update();
    }

    /** One attempt to give back with {@link #deleteAndRefund}: the counter, and the lock its attempt set (or null). */
    public record Refund(Key key, Instant itsLock) {
    }

    /**
     * {@link #delete} of one counter and {@link #refund} of others in one transaction, in one round
     * trip: a compound statement writes them in key order (the order reservations lock in) and
     * commits before it answers; any error rolls back and is raised again (decision 0043).
     */
    public void deleteAndRefund(Key deleted, List<Refund> refunds) {
        requireNoTransaction();
        Map<Key, String> writes = new TreeMap<>(KEY_ORDER);
        Map<String, Object> params = new HashMap<>();
        writes.put(deleted, "DELETE FROM attempt_counter WHERE kind = :deletedKind AND subject = :deletedSubject");
        params.put("deletedKind", deleted.kind());
        params.put("deletedSubject", deleted.subject());
        for (int i = 0; i < refunds.size(); i++) {
            writes.put(refunds.get(i).key(), refundSql(String.valueOf(i)));
            params.putAll(refundParams(String.valueOf(i), refunds.get(i)));
        }
        jdbc.sql("BEGIN NOT ATOMIC " + ROLLED_BACK_ON_ERROR + "START TRANSACTION; " + String.join("; ", writes.values())
                + "; COMMIT; END").params(params).update();
    }

    private static String refundSql(String suffix) {
        String ownLock = "(:itsLock" + suffix + " IS NOT NULL AND locked_until = :itsLock" + suffix + ")";
        return "UPDATE attempt_counter SET "
                + "lock_count = lock_count - IF(" + ownLock + " AND lock_count > 0, 1, 0), "
                + "locked_until = IF(" + ownLock + ", NULL, locked_until), "
                + "attempts = attempts - 1 "
                + "WHERE kind = :kind" + suffix + " AND subject = :subject" + suffix + " AND attempts > 0";
    }

    private static Map<String, Object> refundParams(String suffix, Refund refund) {
        Map<String, Object> params = new HashMap<>();
        // Typed, also when null: an untyped null makes Spring ask the driver for the parameter's type,
        // a server-side PREPARE round trip (seen in the sign-in's SQL log).
        params.put("itsLock" + suffix, new SqlParameterValue(Types.TIMESTAMP,
                refund.itsLock() == null ? null : Timestamp.from(refund.itsLock())));
        params.put("kind" + suffix, refund.key().kind());
        params.put("subject" + suffix, refund.key().subject());
        return params;
    }

    public Optional<Counter> find(String kind, String key) {
        return jdbc.sql("SELECT attempts, locked_until FROM attempt_counter WHERE kind = ? AND subject = ?")
                .params(kind, key)
                .query((rs, n) -> new Counter(rs.getInt(1), instant(rs.getTimestamp(2))))
                .optional();
    }

    public void delete(String kind, String key) {
        jdbc.sql("DELETE FROM attempt_counter WHERE kind = ? AND subject = ?").params(kind, key).update();
    }

    public Optional<Instant> lockedUntil(String kind, String key, Instant now) {
        return jdbc.sql("SELECT locked_until FROM attempt_counter WHERE kind = ? AND subject = ? AND locked_until > ?")
                .params(kind, key, Timestamp.from(now))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /** The locks running at {@code now} for keys matching the LIKE {@code keyPattern}, key to end, in key order. */
    public Map<String, Instant> locksUnder(String kind, String keyPattern, Instant now) {
        Map<String, Instant> locks = new LinkedHashMap<>();
        jdbc.sql("SELECT subject, locked_until FROM attempt_counter WHERE kind = ? AND subject LIKE ? ESCAPE '!' "
                        + "AND locked_until > ? ORDER BY subject")
                .params(kind, keyPattern, Timestamp.from(now))
                .query((rs, n) -> locks.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list();
        return locks;
    }

    /** Deletes the counters of keys matching the LIKE {@code keyPattern}. */
    public int deleteUnder(String kind, String keyPattern) {
        return jdbc.sql("DELETE FROM attempt_counter WHERE kind = ? AND subject LIKE ? ESCAPE '!'")
                .params(kind, keyPattern).update();
    }

    /** Deletes counters whose window started before {@code before} and whose lock, if any, ended before it. */
    public int deleteIdleSince(Instant before) {
        Timestamp at = Timestamp.from(before);
        return jdbc.sql("DELETE FROM attempt_counter WHERE window_starts_at < ? AND (locked_until IS NULL OR locked_until < ?)")
                .params(at, at).update();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
