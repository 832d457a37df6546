package io.storageconsole.mfa.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.SignedInAccount;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Wrong codes per account, in the database so every node counts together: {@code maxFailures} per
 * window, then a lock that doubles with each lock (far below NIST's 100 consecutive failures).
 */
@Component
class CodeAttemptLimiter {

    private static final Duration LONGEST_LOCK = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final MfaProperties properties;
    private final SecurityEvents events;
    private final Clock clock;

    CodeAttemptLimiter(JdbcClient jdbc, MfaProperties properties, SecurityEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    void ensureNotLocked(long accountId) {
        Instant now = clock.instant();
        jdbc.sql("SELECT locked_until FROM mfa_code_attempt WHERE account_id = ? AND locked_until > ?")
                .params(accountId, Timestamp.from(now))
                .query(Timestamp.class)
                .optional()
                .ifPresent(until -> {
                    throw new CodeLockedException(until.toInstant(), now);
                });
    }

    /** Counts a wrong code in its own transaction, so it sticks although the caller then fails. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(SignedInAccount account, String what) {
        Instant now = clock.instant();
        jdbc.sql("INSERT IGNORE INTO mfa_code_attempt (account_id, failures, window_starts_at) VALUES (?, 0, ?)")
                .params(account.accountId(), Timestamp.from(now))
                .update();
        Attempts row = jdbc.sql("SELECT failures, window_starts_at, locked_until, lock_count FROM mfa_code_attempt WHERE account_id = ? FOR UPDATE")
                .param(account.accountId())
                .query((rs, n) -> new Attempts(rs.getInt(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(), rs.getInt(4)))
                .single();
        if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)) {
            return;
        }
        boolean freshWindow = !row.windowStartsAt().plus(properties.failureWindow()).isAfter(now)
                || row.lockedUntil() != null;
        int failures = freshWindow ? 1 : row.failures() + 1;
        Instant windowStartsAt = freshWindow ? now : row.windowStartsAt();
        Instant lockedUntil = null;
        int lockCount = row.lockCount();
        if (failures >= properties.maxFailures()) {
            lockedUntil = now.plus(lockDuration(lockCount));
            lockCount++;
        }
        jdbc.sql("UPDATE mfa_code_attempt SET failures = ?, window_starts_at = ?, locked_until = ?, lock_count = ? WHERE account_id = ?")
                .params(failures, Timestamp.from(windowStartsAt), lockedUntil == null ? null : Timestamp.from(lockedUntil),
                        lockCount, account.accountId())
                .update();

        AccountRef ref = new AccountRef(account.accountId(), account.email());
        events.publish(SecurityEventType.MFA_CODE_FAILED, ref, account.organizationId(), ref,
                "Wrong " + what + ", failure " + failures + " of " + properties.maxFailures());
        if (lockedUntil != null) {
            events.publish(SecurityEventType.MFA_LOCKED, ref, account.organizationId(), ref,
                    "Codes refused until " + lockedUntil + " after " + failures + " wrong codes (lock " + lockCount + ")");
        }
    }

    void recordSuccess(long accountId) {
        jdbc.sql("DELETE FROM mfa_code_attempt WHERE account_id = ?").param(accountId).update();
    }

    Duration lockDuration(int earlierLocks) {
        Duration lock = properties.firstLock().multipliedBy(1L << Math.min(earlierLocks, 16));
        return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
    }

    private record Attempts(int failures, Instant windowStartsAt, Instant lockedUntil, int lockCount) {
    }
}
