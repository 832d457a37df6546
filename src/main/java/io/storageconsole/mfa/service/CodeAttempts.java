package io.storageconsole.mfa.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
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
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CodeAttempts(AttemptLimiter limiter, MfaProperties properties, SecurityEvents events,
                 TransactionTemplate transactions, Clock clock) {
        this.limiter = limiter;
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
     * {@link #reserve} in the caller's transaction, which checks the code under the counter's lock and
     * commits the outcome with it; a wrong code's number is read by {@link #failedWithinTransaction}.
     */
    void reserveWithinTransaction(SignedInAccount account) {
        String key = keyOf(account.accountId());
        if (!limiter.countWithinTransaction(policy, key)) {
            grantedOrLocked(limiter.readWithinTransaction(policy, key, false));
        }
    }

    /** {@link #failed} for a code counted by {@link #reserveWithinTransaction}, in that transaction. */
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
