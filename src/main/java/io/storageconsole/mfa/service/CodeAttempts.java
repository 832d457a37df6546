package io.storageconsole.mfa.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.mfa.domain.CodeChecks;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.Attempt;
import io.storageconsole.security.service.AttemptLimiter;
import io.storageconsole.security.service.AttemptPolicy;
import io.storageconsole.security.service.SignInSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Codes per account (authenticator codes and recovery codes together) on the {@link AttemptLimiter}:
 * {@code maxFailures} per window, then a lock that doubles with each lock up to a day, far below
 * NIST's ceiling of 100 consecutive failures. Shared by every node.
 */
@Component
class CodeAttempts {

    static final Duration LONGEST_LOCK = Duration.ofDays(1);

    private final AttemptLimiter limiter;
    private final AttemptPolicy policy;
    private final CodeChecks codeChecks;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CodeAttempts(AttemptLimiter limiter, CodeChecks codeChecks, MfaProperties properties, SecurityEvents events,
                 TransactionTemplate transactions, Clock clock) {
        this.limiter = limiter;
        this.codeChecks = codeChecks;
        this.policy = AttemptPolicy.doubling("second-factor", properties.maxFailures(), properties.failureWindow(),
                properties.firstLock(), LONGEST_LOCK);
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Counts a code before it is checked; refused while codes are locked for the account. */
    Attempt reserve(SignedInAccount account) {
        return grantedOrLocked(limiter.reserve(policy, keyOf(account.accountId())));
    }

    /**
     * Counts a code in the caller's transaction, which checks it under the counter's lock and commits
     * the outcome with it, and reads the code's credential in the same call (decision 0065): the
     * account's credential, and whether the code was counted; a wrong code's number is read by
     * {@link #failedWithinTransaction}. A sign-in still owing its code counts
     * nothing once its credentials version moved; its caller refuses it, then {@link #requireCounted}.
     */
    CodeChecks.Begun readAndReserveWithinTransaction(SignedInAccount account) {
        return codeChecks.readAndCount(account.accountId(), account.isComplete() ? null : account.credentialsVersion(),
                new CodeChecks.Counting(policy.kind(), keyOf(account.accountId()), policy.maxAttempts(), policy.window(),
                        policy.firstLock(), policy.longestLock()), clock.instant());
    }

    /** After {@link #readAndReserveWithinTransaction}: refused while codes are locked for the account. */
    void requireCounted(SignedInAccount account, CodeChecks.Begun begun) {
        if (!begun.counted()) {
            grantedOrLocked(limiter.readWithinTransaction(policy, keyOf(account.accountId()), false));
        }
    }

    /** {@link #failed} for a code counted by {@link #readAndReserveWithinTransaction}, in that transaction. */
    void failedWithinTransaction(SignedInAccount account, String what) {
        failed(account, what, limiter.readWithinTransaction(policy, keyOf(account.accountId()), true));
    }

    private Attempt grantedOrLocked(Attempt attempt) {
        if (!attempt.granted()) {
            throw new CodeLockedException(attempt.lockedUntil(), clock.instant());
        }
        return attempt;
    }

    /** Audits a wrong code (already counted) and the lock it may have started, in the caller's transaction or one of its own. */
    void failed(SignedInAccount account, String what, Attempt attempt) {
        AccountRef ref = new AccountRef(account.accountId(), account.email());
        transactions.executeWithoutResult(status -> {
            events.publish(SecurityEventType.MFA_CODE_FAILED, ref, account.organizationId(), ref,
                    "Wrong " + what + ", failure " + attempt.number() + " of " + attempt.maxAttempts());
            if (attempt.isLast()) {
                events.publish(SecurityEventType.MFA_LOCKED, ref, account.organizationId(), ref,
                        "Codes refused until " + attempt.lockedUntil() + " after " + attempt.number() + " wrong codes");
            }
        });
    }

    /** A right code forgets the account's wrong ones and its earlier locks. */
    void succeeded(long accountId) {
        limiter.succeeded(policy, keyOf(accountId));
    }

    /** The same in the caller's transaction: the claim of a right code forgets the wrong ones as it commits. */
    void succeededWithinTransaction(long accountId) {
        limiter.succeededWithinTransaction(policy, keyOf(accountId));
    }

    /** The counter of the account's wrong codes, for the one call that forgets it with the sign-in's other writes (decision 0065). */
    SignInSessions.CodeCounter counterOf(long accountId) {
        return new SignInSessions.CodeCounter(policy.kind(), keyOf(accountId));
    }

    /** Support lifts a lock: the account's wrong codes and earlier locks are forgotten, as after a right code. */
    void unlock(long accountId) {
        limiter.succeeded(policy, keyOf(accountId));
    }

    /** Until when codes are refused for the account, if they are locked now. */
    Optional<Instant> lockedUntil(long accountId) {
        return limiter.lockedUntil(policy, keyOf(accountId));
    }

    /** The counter's key; V040 hands over the rows of the former mfa_code_attempt table in this form. */
    private static String keyOf(long accountId) {
        return String.valueOf(accountId);
    }
}
