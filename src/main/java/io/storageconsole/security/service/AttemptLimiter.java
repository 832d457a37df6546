package io.storageconsole.security.service;

import io.storageconsole.base.database.SqlPatterns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.base.database.RetryingTransactionTemplate;
import io.storageconsole.security.domain.AttemptCounters;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
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

    /** Rounds of creating a counter that a success deletes again at once, before the attempt is refused. */
    private static final int CREATE_ROUNDS = 4;
    /** Counters idle this long are forgotten: any window and lock has long ended by then. */
    static final Duration KEEP_IDLE = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(AttemptLimiter.class);

    private final AttemptCounters counters;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    AttemptLimiter(AttemptCounters counters, PlatformTransactionManager transactions, Clock clock) {
        this.counters = counters;
        this.ownTransaction = new RetryingTransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Counts one attempt for {@code key} if the policy allows one now. A refusal (a lock is running)
     * says until when; a conflict that persists through every run of
     * {@link ConflictRetry} is refused for a moment rather than thrown.
     */
    public Attempt reserve(AttemptPolicy policy, String key) {
        requireKey(key);
        try {
            for (int round = 1; ; round++) {
                Attempt attempt = ownTransaction.execute(status -> tryReserve(policy, key, clock.instant()));
                if (attempt != null) {
                    return attempt;
                }
                if (round == CREATE_ROUNDS) {
                    log.warn("Attempt counter {} kept vanishing (deleted by successes as it was created); refused for a moment",
                            policy.kind());
                    return Attempt.refused(policy.maxAttempts(), clock.instant().plusSeconds(1));
                }
                // No counter yet: create it (its own statement, so no lock is held into the UPDATE) and go again.
                ownTransaction.executeWithoutResult(status -> counters.createIfAbsent(policy.kind(), key, clock.instant()));
            }
        } catch (RuntimeException e) {
            if (!ConflictRetry.isLostConflict(e)) {
                throw e;
            }
            log.warn("Attempt counter {} stayed busy through {} runs; the attempt is refused for a moment", policy.kind(),
                    ConflictRetry.RUNS);
            return Attempt.refused(policy.maxAttempts(), clock.instant().plusSeconds(1));
        }
    }

    /**
     * Counts one attempt in the caller's transaction, so that it counts only if the caller commits
     * and takes no second connection: for limits on what a transaction writes (notices), not on
     * guessing, where the count must commit before the check. True when the attempt was counted.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean reserveWithinTransaction(AttemptPolicy policy, String key) {
        requireKey(key);
        Instant now = clock.instant();
        counters.createIfAbsent(policy.kind(), key, now);
        return counters.count(policy.kind(), key, policy.maxAttempts(), policy.window(), policy.firstLock(),
                policy.longestLock(), now) == 1;
    }

    /** The count (see AttemptCounters#count), read back in the same transaction; null when no counter exists yet. */
    private Attempt tryReserve(AttemptPolicy policy, String key, Instant now) {
        int counted = counters.count(policy.kind(), key, policy.maxAttempts(), policy.window(), policy.firstLock(),
                policy.longestLock(), now);
        // Read back in the same transaction: our own row, which no one else can change before we commit.
        Optional<AttemptCounters.Counter> counter = counters.find(policy.kind(), key);
        boolean locked = counter.isPresent() && counter.get().lockedUntil() != null && counter.get().lockedUntil().isAfter(now);
        if (counter.isEmpty() || counted == 0 && !locked) {
            // Not there for the UPDATE: not created yet, or (on Galera) created on another node and seen only by this read.
            return null;
        }
        return counted == 1
                ? Attempt.granted(counter.get().attempts(), policy.maxAttempts(), counter.get().lockedUntil())
                : Attempt.refused(policy.maxAttempts(), counter.get().lockedUntil());
    }

    /** A check succeeded: the key's attempts and the history of its locks are forgotten. */
    public void succeeded(AttemptPolicy policy, String key) {
        requireKey(key);
        ownTransaction.executeWithoutResult(status -> counters.delete(policy.kind(), key));
    }

    /**
     * Gives a granted attempt back: for limits that count only failures but must reserve before the
     * check (a success, or a check that never ran, is not a failure). Unlike {@link #succeeded} it
     * forgets nothing else, so a success of one account cannot wipe what an address did to others,
     * and it lifts no lock but the one this attempt set (see AttemptCounters#refund).
     */
    public void refund(AttemptPolicy policy, String key, Attempt attempt) {
        requireKey(key);
        if (!attempt.granted()) {
            return;
        }
        try {
            ownTransaction.executeWithoutResult(status -> counters.refund(policy.kind(), key, itsLock(attempt)));
        } catch (RuntimeException e) {
            if (!ConflictRetry.isLostConflict(e)) {
                throw e;
            }
            // Kept counted: the safe side of a limit.
            log.warn("Attempt counter {} stayed busy through {} runs; an attempt stays counted", policy.kind(),
                    ConflictRetry.RUNS);
        }
    }

    /** {@link #succeeded} in the caller's transaction: the success commits with what it succeeded at. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void succeededWithinTransaction(AttemptPolicy policy, String key) {
        requireKey(key);
        counters.delete(policy.kind(), key);
    }

    /** An attempt to give back with {@link #succeededAndRefunded}. */
    public record Refund(AttemptPolicy policy, String key, Attempt attempt) {
    }

    /**
     * {@link #succeeded} for one key and {@link #refund} for others, in one transaction: one commit
     * for a successful check instead of one per counter. A conflict lost through every run leaves
     * them all counted, the safe side, as a lost refund does.
     */
    public void succeededAndRefunded(AttemptPolicy policy, String key, List<Refund> refunds) {
        requireKey(key);
        refunds.forEach(refund -> requireKey(refund.key()));
        try {
            ownTransaction.executeWithoutResult(status -> {
                counters.delete(policy.kind(), key);
                refunds.stream().filter(refund -> refund.attempt().granted()).forEach(refund ->
                        counters.refund(refund.policy().kind(), refund.key(), itsLock(refund.attempt())));
            });
        } catch (RuntimeException e) {
            if (!ConflictRetry.isLostConflict(e)) {
                throw e;
            }
            log.warn("Attempt counter {} stayed busy through {} runs; the attempts stay counted", policy.kind(),
                    ConflictRetry.RUNS);
        }
    }

    /** The lock a refund may lift: only the one this attempt set. */
    private static Instant itsLock(Attempt attempt) {
        return attempt.isLast() ? attempt.lockedUntil() : null;
    }

    /** Until when attempts are refused for the key, if a lock is running; reserves nothing. */
    public Optional<Instant> lockedUntil(AttemptPolicy policy, String key) {
        requireKey(key);
        return counters.lockedUntil(policy.kind(), key, clock.instant());
    }

    /**
     * The locks running now for keys starting with {@code keyPrefix} (such as every address of one
     * account), key to end; a range of the primary key. Reserves nothing.
     */
    public Map<String, Instant> locksUnder(AttemptPolicy policy, String keyPrefix) {
        requireKey(keyPrefix);
        return counters.locksUnder(policy.kind(), SqlPatterns.startsWith(keyPrefix), clock.instant());
    }

    /**
     * Forgets the attempts and locks of every key starting with {@code keyPrefix}, as
     * {@link #succeeded} does for one key; returns the locks that were running.
     */
    public Map<String, Instant> forgetUnder(AttemptPolicy policy, String keyPrefix) {
        Map<String, Instant> running = locksUnder(policy, keyPrefix);
        ownTransaction.executeWithoutResult(status -> counters.deleteUnder(policy.kind(), SqlPatterns.startsWith(keyPrefix)));
        return running;
    }

    /**
     * Forgets counters whose windows and locks ended long ago (and those of deleted accounts): this
     * is also the purge of old sign-in failures, which are counters of kind "sign-in".
     */
    @Scheduled(fixedDelayString = "${console.attempts.purge-interval:1h}", initialDelayString = "${console.attempts.purge-interval:1h}")
    public void purge() {
        Instant before = clock.instant().minus(KEEP_IDLE);
        ownTransaction.executeWithoutResult(status -> counters.deleteIdleSince(before));
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 255) {
            throw new IllegalArgumentException("An attempt key is 1 to 255 characters");
        }
    }
}
