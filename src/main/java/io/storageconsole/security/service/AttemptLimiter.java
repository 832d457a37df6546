package io.storageconsole.security.service;

import io.storageconsole.base.database.SqlPatterns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.annotation.PreDestroy;
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

    /** Counters idle this long are forgotten: any window and lock has long ended by then. */
    static final Duration KEEP_IDLE = Duration.ofDays(7);
    /** How long the next attempt of a key waits at most for a success recorded after its answer. */
    static final Duration LONGEST_WAIT_FOR_SUCCESS = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(AttemptLimiter.class);

    private final AttemptCounters counters;
    private final TransactionTemplate ownTransaction;
    private final TransactionTemplate ownConnection;
    private final Clock clock;
    /** The successes recorded after their answer, by the key each forgets, until they committed (or gave up). */
    private final Map<AttemptCounters.Key, CompletableFuture<Void>> pendingSuccesses = new ConcurrentHashMap<>();
    private final ExecutorService afterAnswers = afterAnswers();

    AttemptLimiter(AttemptCounters counters, PlatformTransactionManager transactions, Clock clock) {
        this.counters = counters;
        this.ownTransaction = new RetryingTransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownConnection = new TransactionTemplate(transactions);
        // No transaction of Spring's (its begin and end would be round trips of their own): the
        // compound statements begin and commit their own, on a connection outside the caller's.
        this.ownConnection.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        this.clock = clock;
    }

    /** One counter of {@link #reserveAll}: what is limited, and for whom. */
    public record Limit(AttemptPolicy policy, String key) {
    }

    /**
     * The answer of {@link #reserveAll}: the attempt granted on each counter, in the order asked;
     * or, when one refused, that refusal, and nothing was counted anywhere.
     */
    public record Attempts(List<Attempt> granted, Attempt refusal) {

        public boolean allGranted() {
            return refusal == null;
        }
    }

    /**
     * Counts one attempt for {@code key} if the policy allows one now. A refusal (a lock is running)
     * says until when; a conflict that persists through every run of
     * {@link ConflictRetry} is refused for a moment rather than thrown.
     */
    public Attempt reserve(AttemptPolicy policy, String key) {
        return firstOf(reserveAll(List.of(new Limit(policy, key))));
    }

    /**
     * Counts one attempt on each counter, all or none, in one transaction of its own (one commit):
     * granted only if every limit allows one now; a refusal by any counts none of them. Otherwise as
     * {@link #reserve}.
     */
    public Attempts reserveAll(List<Limit> limits) {
        limits.forEach(limit -> requireKey(limit.key()));
        awaitSuccesses(limits.stream().map(AttemptLimiter::keyOf).toList());
        try {
            // One round trip that commits (AttemptCounters#reserveAll), on a connection of its own.
            AttemptCounters.Reserved reserved = ConflictRetry.run("An attempt reservation", () -> ownConnection.execute(
                    status -> counters.reserveAll(limits.stream().map(AttemptLimiter::countingOf).toList(), clock.instant())));
            if (reserved.refusedAt() >= 0) {
                Instant until = reserved.counters().get(reserved.refusedAt()).lockedUntil();
                return new Attempts(List.of(), Attempt.refused(limits.get(reserved.refusedAt()).policy().maxAttempts(),
                        until != null ? until : clock.instant().plusSeconds(1)));
            }
            List<Attempt> granted = new ArrayList<>();
            for (int i = 0; i < limits.size(); i++) {
                AttemptCounters.Counter counter = reserved.counters().get(i);
                granted.add(Attempt.granted(counter.attempts(), limits.get(i).policy().maxAttempts(), counter.lockedUntil()));
            }
            return new Attempts(granted, null);
        } catch (RuntimeException e) {
            if (!ConflictRetry.isLostConflict(e)) {
                throw e;
            }
            log.warn("Attempt counter {} stayed busy through {} runs; the attempt is refused for a moment",
                    limits.get(0).policy().kind(), ConflictRetry.RUNS);
            return new Attempts(List.of(), Attempt.refused(limits.get(0).policy().maxAttempts(), clock.instant().plusSeconds(1)));
        }
    }

    private static AttemptCounters.Counting countingOf(Limit limit) {
        AttemptPolicy policy = limit.policy();
        return new AttemptCounters.Counting(keyOf(limit), policy.maxAttempts(), policy.window(), policy.firstLock(),
                policy.longestLock());
    }

    /**
     * Counts one attempt in the caller's transaction, so that it counts only if the caller commits
     * and takes no second connection: for limits on what a transaction writes (notices), and for a
     * check cheap enough to make under the counter's lock in the transaction that acts on its outcome
     * (an authenticator code: the count, the check and what follows commit together). False while a
     * lock refuses it. The counter's row stays locked until the commit, so {@link #readWithinTransaction}
     * finds it as counted here whenever it is asked: a caller that needs the attempt's number (a wrong
     * code's audit) reads it, one that does not (a right code, which forgets it) makes no read.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean countWithinTransaction(AttemptPolicy policy, String key) {
        requireKey(key);
        // Takes the counter's row lock (creating it) and counts with the one conditional UPDATE (V145's
        // attempt_count), in one round trip.
        return counters.lockOrCreateAndCount(new AttemptCounters.Counting(new AttemptCounters.Key(policy.kind(), key),
                policy.maxAttempts(), policy.window(), policy.firstLock(), policy.longestLock()), clock.instant());
    }

    /**
     * The attempt {@link #countWithinTransaction} counted ({@code counted}), or the lock that refused
     * it, read in the same transaction under the counter's row lock.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Attempt readWithinTransaction(AttemptPolicy policy, String key, boolean counted) {
        requireKey(key);
        Optional<AttemptCounters.Counter> counter = counters.find(policy.kind(), key);
        if (!counted) {
            return Attempt.refused(policy.maxAttempts(),
                    counter.map(AttemptCounters.Counter::lockedUntil).orElse(clock.instant().plusSeconds(1)));
        }
        return Attempt.granted(counter.orElseThrow().attempts(), policy.maxAttempts(), counter.orElseThrow().lockedUntil());
    }

    private static Attempt firstOf(Attempts attempts) {
        return attempts.allGranted() ? attempts.granted().get(0) : attempts.refusal();
    }

    private static AttemptCounters.Key keyOf(Limit limit) {
        return new AttemptCounters.Key(limit.policy().kind(), limit.key());
    }

    /** A check succeeded: the key's attempts and the history of its locks are forgotten. */
    public void succeeded(AttemptPolicy policy, String key) {
        requireKey(key);
        awaitSuccesses(List.of(new AttemptCounters.Key(policy.kind(), key)));
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
        awaitSuccesses(List.of(new AttemptCounters.Key(policy.kind(), key)));
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

    /** An attempt to give back with {@link #succeededAndRefundedAfterAnswer}. */
    public record Refund(AttemptPolicy policy, String key, Attempt attempt) {
    }

    /**
     * {@link #succeeded} for one key and {@link #refund} for others, in one transaction (one commit
     * for a successful check instead of one per counter), recorded after the caller's answer: a
     * success need not be durable before it is answered (one lost, or a conflict lost through every
     * run, leaves attempts counted, the safe side of a limit), so a sign-in does not wait for its round
     * trip. It starts on a thread of its own once {@code answered} completes (the caller's answer is
     * out, so it takes no processor from it). Until it committed or gave up, a reservation,
     * success or refund of the key it forgets ({@code key}) in this JVM waits for it
     * ({@link #awaitSuccesses}), so the next attempt meets the forgotten failures as if the success
     * had been recorded before the answer. Its refunds are not waited for: one that lands after a
     * later attempt of its key leaves that attempt counted once more, the safe side, whereas waiting
     * would line up every sign-in from one address behind the one before (the address's counter is
     * shared). See docs/decisions/0052-a-sign-ins-success-is-recorded-after-its-answer.md.
     *
     * @return completes, never exceptionally, once the success committed or was given up (logged)
     */
    public CompletableFuture<Void> succeededAndRefundedAfterAnswer(AttemptPolicy policy, String key, List<Refund> refunds,
                                                                  CompletableFuture<?> answered) {
        AttemptCounters.Key deleted = new AttemptCounters.Key(policy.kind(), key);
        List<AttemptCounters.Refund> given = given(deleted, refunds);
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        // After an earlier success that forgets the same key, if one is under way: they commit in the order they came.
        CompletableFuture<Void> before = pendingSuccesses.put(deleted, recorded);
        (before == null ? answered : CompletableFuture.allOf(answered, before))
                .thenRunAsync(() -> recordSuccess(deleted, given), afterAnswers)
                .whenComplete((done, failed) -> {
                    if (failed != null) {
                        log.error("A success of attempt counter {} could not be recorded; its attempts stay counted ({})",
                                policy.kind(), failed.toString());
                    }
                    pendingSuccesses.remove(deleted, recorded);
                    recorded.complete(null);
                });
        return recorded;
    }

    private static List<AttemptCounters.Refund> given(AttemptCounters.Key deleted, List<Refund> refunds) {
        requireKey(deleted.subject());
        refunds.forEach(refund -> requireKey(refund.key()));
        return refunds.stream().filter(refund -> refund.attempt().granted())
                .map(refund -> new AttemptCounters.Refund(new AttemptCounters.Key(refund.policy().kind(), refund.key()),
                        itsLock(refund.attempt())))
                .toList();
    }

    private void recordSuccess(AttemptCounters.Key deleted, List<AttemptCounters.Refund> given) {
        try {
            // One round trip that commits (AttemptCounters#deleteAndRefund), on a connection of its own.
            ConflictRetry.run("A success and its refunds", () -> ownConnection.execute(status -> {
                counters.deleteAndRefund(deleted, given);
                return null;
            }));
        } catch (RuntimeException e) {
            if (!ConflictRetry.isLostConflict(e)) {
                throw e;
            }
            log.warn("Attempt counter {} stayed busy through {} runs; the attempts stay counted", deleted.kind(),
                    ConflictRetry.RUNS);
        }
    }

    /**
     * Waits until the successes recorded after their answer ({@link #succeededAndRefundedAfterAnswer})
     * that touch any of {@code keys} committed or gave up. Bounded: one that hangs (a database node
     * gone) delays the keys' next attempts by {@link #LONGEST_WAIT_FOR_SUCCESS} at most, and the
     * counters' row locks still order the writes.
     */
    private void awaitSuccesses(List<AttemptCounters.Key> keys) {
        if (pendingSuccesses.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] pending = keys.stream().map(pendingSuccesses::get).filter(Objects::nonNull)
                .toArray(CompletableFuture[]::new);
        if (pending.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(pending).get(LONGEST_WAIT_FOR_SUCCESS.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("A success recorded after its answer was still under way after {}; going on", LONGEST_WAIT_FOR_SUCCESS);
        }
    }

    /** Two threads: successes of different keys need not wait for each other; a burst queues (it is bounded by the hashes). */
    private static ExecutorService afterAnswers() {
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "attempt-success-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, (task, shutDown) -> task.run()); // after shut-down began, recorded before the answer as before
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The successes already under way are recorded before the database goes (beans close in dependency order). */
    @PreDestroy
    void recordPendingSuccesses() throws InterruptedException {
        afterAnswers.shutdown();
        if (!afterAnswers.awaitTermination(LONGEST_WAIT_FOR_SUCCESS.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("Successes recorded after their answer were still under way at shut-down; their attempts stay counted");
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
