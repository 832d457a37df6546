package io.storageconsole.security.service;

import io.storageconsole.base.database.SqlPatterns;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one limit on guessing, for every kind of attempt (sign-in per account and address, MFA and
 * recovery codes per account, password re-confirmation per account, notices per account and
 * kind, ...), shared by every node through the {@code attempt_counter} table.
 *
 * <p>Use: {@link #reserve} before the expensive check (a password hash, a code), and give up when
 * it is refused; {@link #succeeded} after a successful check, which forgets the key's attempts and
 * locks; nothing after a failed one: the attempt was counted when it was reserved. Because the
 * count is taken before the check by one conditional {@code UPDATE}, at most
 * {@code maxAttempts} checks run per window however many requests arrive at once, on any number of
 * nodes. Call it outside a transaction of your own: it commits at once, in its own.
 *
 * <p>See docs/decisions/0006-one-attempt-limiter.md.
 */
// Created at start-up although beans are lazy (application.properties): its @Scheduled purge must run.
@Lazy(false)
@Service
public class AttemptLimiter {

    /** Rounds of a reservation that met a deadlock or lock timeout before it is refused. */
    static final int TRIES = 4;
    /** Counters idle this long are forgotten: any window and lock has long ended by then. */
    static final Duration KEEP_IDLE = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(AttemptLimiter.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    AttemptLimiter(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Counts one attempt for {@code key} if the policy allows one now. A refusal (a lock is running)
     * says until when; a deadlock or lock timeout that persists through {@value #TRIES} rounds is
     * refused for a moment rather than thrown.
     */
    public Attempt reserve(AttemptPolicy policy, String key) {
        requireKey(key);
        for (int round = 1; round <= TRIES; round++) {
            try {
                Attempt attempt = ownTransaction.execute(status -> tryReserve(policy, key, clock.instant()));
                if (attempt != null) {
                    return attempt;
                }
                // No counter yet: create it (its own statement, so no lock is held into the UPDATE) and go again.
                ownTransaction.executeWithoutResult(status -> jdbc.sql("INSERT IGNORE INTO attempt_counter "
                                + "(kind, subject, attempts, window_starts_at, lock_count) VALUES (?, ?, 0, ?, 0)")
                        .params(policy.kind(), key, Timestamp.from(clock.instant())).update());
            } catch (PessimisticLockingFailureException contention) {
                log.debug("Attempt counter {} busy (round {}): {}", policy.kind(), round, contention.getMessage());
                pause(round);
            }
        }
        log.warn("Attempt counter {} stayed busy through {} rounds; the attempt is refused for a moment", policy.kind(), TRIES);
        return Attempt.refused(policy.maxAttempts(), clock.instant().plusSeconds(1));
    }

    /**
     * The reservation: one conditional UPDATE that counts the attempt unless a lock is running,
     * starting a new window when the last one has ended (or its lock has, which implies it), and
     * setting the lock as it reserves the last allowed attempt. Each assignment reads columns that
     * are assigned after it, except {@code window_starts_at} reading the new {@code attempts}, which
     * differs from the old only where the window it would keep has ended anyway (a lock lasts at
     * least its window, see AttemptPolicy), so MariaDB's left-to-right assignment and a
     * simultaneous one (sql_mode SIMULTANEOUS_ASSIGNMENT) give the same row. Null when no counter
     * exists yet.
     */
    private Attempt tryReserve(AttemptPolicy policy, String key, Instant now) {
        String fresh = "(window_starts_at <= :windowStart OR attempts >= :max)";
        String last = "(IF(" + fresh + ", 1, attempts + 1) >= :max)";
        int counted = jdbc.sql("UPDATE attempt_counter SET "
                        + "locked_until = IF(" + last + ", TIMESTAMPADD(SECOND, CAST(LEAST(:longest, :first * "
                        + "POW(2, LEAST(lock_count, 20))) AS SIGNED), :now), NULL), "
                        + "lock_count = lock_count + IF(" + last + ", 1, 0), "
                        + "attempts = IF(" + fresh + ", 1, attempts + 1), "
                        + "window_starts_at = IF(" + fresh + ", :now, window_starts_at) "
                        + "WHERE kind = :kind AND subject = :subject AND (locked_until IS NULL OR locked_until <= :now)")
                .param("windowStart", Timestamp.from(now.minus(policy.window())))
                .param("max", policy.maxAttempts())
                .param("first", policy.firstLock().toSeconds())
                .param("longest", policy.longestLock().toSeconds())
                .param("now", Timestamp.from(now))
                .param("kind", policy.kind())
                .param("subject", key)
                .update();
        // Read back in the same transaction: our own row, which no one else can change before we commit.
        Optional<Counter> counter = jdbc.sql("SELECT attempts, locked_until FROM attempt_counter WHERE kind = ? AND subject = ?")
                .params(policy.kind(), key)
                .query((rs, n) -> new Counter(rs.getInt(1), instant(rs.getTimestamp(2))))
                .optional();
        if (counter.isEmpty()) {
            return null;
        }
        return counted == 1
                ? Attempt.granted(counter.get().attempts(), policy.maxAttempts(), counter.get().lockedUntil())
                : Attempt.refused(policy.maxAttempts(), counter.get().lockedUntil());
    }

    /** A check succeeded: the key's attempts and the history of its locks are forgotten. */
    public void succeeded(AttemptPolicy policy, String key) {
        requireKey(key);
        ownTransaction.executeWithoutResult(status -> jdbc.sql("DELETE FROM attempt_counter WHERE kind = ? AND subject = ?")
                .params(policy.kind(), key).update());
    }

    /** Until when attempts are refused for the key, if a lock is running; reserves nothing. */
    public Optional<Instant> lockedUntil(AttemptPolicy policy, String key) {
        requireKey(key);
        return jdbc.sql("SELECT locked_until FROM attempt_counter WHERE kind = ? AND subject = ? AND locked_until > ?")
                .params(policy.kind(), key, Timestamp.from(clock.instant()))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /**
     * The locks running now for keys starting with {@code keyPrefix} (such as every address of one
     * account), key to end; a range of the primary key. Reserves nothing.
     */
    public java.util.Map<String, Instant> locksUnder(AttemptPolicy policy, String keyPrefix) {
        requireKey(keyPrefix);
        java.util.Map<String, Instant> locks = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT subject, locked_until FROM attempt_counter WHERE kind = ? AND subject LIKE ? ESCAPE '!' "
                        + "AND locked_until > ? ORDER BY subject")
                .params(policy.kind(), SqlPatterns.startsWith(keyPrefix), Timestamp.from(clock.instant()))
                .query((rs, n) -> locks.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list();
        return locks;
    }

    /**
     * Forgets the attempts and locks of every key starting with {@code keyPrefix}, as
     * {@link #succeeded} does for one key; returns the locks that were running.
     */
    public java.util.Map<String, Instant> forgetUnder(AttemptPolicy policy, String keyPrefix) {
        java.util.Map<String, Instant> running = locksUnder(policy, keyPrefix);
        ownTransaction.executeWithoutResult(status -> jdbc.sql("DELETE FROM attempt_counter WHERE kind = ? "
                        + "AND subject LIKE ? ESCAPE '!'")
                .params(policy.kind(), SqlPatterns.startsWith(keyPrefix)).update());
        return running;
    }

    /** Forgets counters whose windows and locks ended long ago (and those of deleted accounts). */
    @Scheduled(fixedDelayString = "${console.attempts.purge-interval:1h}", initialDelayString = "${console.attempts.purge-interval:1h}")
    public void purge() {
        Timestamp before = Timestamp.from(clock.instant().minus(KEEP_IDLE));
        ownTransaction.executeWithoutResult(status -> jdbc.sql("DELETE FROM attempt_counter WHERE window_starts_at < ? "
                        + "AND (locked_until IS NULL OR locked_until < ?)")
                .params(before, before).update());
    }

    private static void pause(int round) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 255) {
            throw new IllegalArgumentException("An attempt key is 1 to 255 characters");
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record Counter(int attempts, Instant lockedUntil) {
    }
}
