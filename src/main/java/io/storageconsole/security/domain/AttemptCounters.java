package io.storageconsole.security.domain;

import java.sql.Timestamp;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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
        List<Key> inOrder = keys.stream().distinct()
                .sorted(KEY_ORDER).toList();
        String rows = String.join(", ", Collections.nCopies(inOrder.size(), "(?, ?, 0, ?, 0)"));
        List<Object> params = new ArrayList<>();
        Timestamp at = Timestamp.from(now);
        inOrder.forEach(key -> params.addAll(List.of(key.kind(), key.subject(), at)));
        jdbc.sql("INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count) VALUES " + rows
                        + " ON DUPLICATE KEY UPDATE attempts = attempts")
                .params(params).update();
    }

    /** The counters of these keys that exist, in one query. */
    public Map<Key, Counter> findAll(List<Key> keys) {
        String where = String.join(" OR ", Collections.nCopies(keys.size(), "(kind = ? AND subject = ?)"));
        List<Object> params = new ArrayList<>();
        keys.forEach(key -> params.addAll(List.of(key.kind(), key.subject())));
        Map<Key, Counter> found = new HashMap<>();
        jdbc.sql("SELECT kind, subject, attempts, locked_until FROM attempt_counter WHERE " + where)
                .params(params)
                .query((rs, n) -> found.put(new Key(rs.getString(1), rs.getString(2)),
                        new Counter(rs.getInt(3), instant(rs.getTimestamp(4)))))
                .list();
        return found;
    }

    /**
     * The reservation: one conditional UPDATE that counts the attempt unless a lock is running,
     * starting a new window when the last one has ended (or its lock has, which implies it), and
     * setting the lock as it reserves the last allowed attempt. Each assignment reads columns that
     * are assigned after it, except {@code window_starts_at} reading the new {@code attempts}, which
     * differs from the old only where the window it would keep has ended anyway (a lock lasts at
     * least its window, see AttemptPolicy), so MariaDB's left-to-right assignment and a
     * simultaneous one (sql_mode SIMULTANEOUS_ASSIGNMENT) give the same row.
     *
     * @return 1 when the attempt was counted, 0 when a lock refused it or no counter exists
     */
    public int count(String kind, String key, int maxAttempts, Duration window, Duration firstLock, Duration longestLock,
                     Instant now) {
        String fresh = "(window_starts_at <= :windowStart OR attempts >= :max)";
        String last = "(IF(" + fresh + ", 1, attempts + 1) >= :max)";
        return jdbc.sql("UPDATE attempt_counter SET "
                        + "locked_until = IF(" + last + ", TIMESTAMPADD(SECOND, CAST(LEAST(:longest, :first * "
                        + "POW(2, LEAST(lock_count, 20))) AS SIGNED), :now), NULL), "
                        + "lock_count = lock_count + IF(" + last + ", 1, 0), "
                        + "attempts = IF(" + fresh + ", 1, attempts + 1), "
                        + "window_starts_at = IF(" + fresh + ", :now, window_starts_at) "
                        + "WHERE kind = :kind AND subject = :subject AND (locked_until IS NULL OR locked_until <= :now)")
                .param("windowStart", Timestamp.from(now.minus(window)))
                .param("max", maxAttempts)
                .param("first", firstLock.toSeconds())
                .param("longest", longestLock.toSeconds())
                .param("now", Timestamp.from(now))
                .param("kind", kind)
                .param("subject", key)
                .update();
    }

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
        String ownLock = "(:itsLock IS NOT NULL AND locked_until = :itsLock)";
        return jdbc.sql("UPDATE attempt_counter SET "
                        + "lock_count = lock_count - IF(" + ownLock + " AND lock_count > 0, 1, 0), "
                        + "locked_until = IF(" + ownLock + ", NULL, locked_until), "
                        + "attempts = attempts - 1 "
                        + "WHERE kind = :kind AND subject = :subject AND attempts > 0")
                .param("itsLock", itsLock == null ? null : Timestamp.from(itsLock))
                .param("kind", kind)
                .param("subject", key)
                .update();
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
