package io.storageconsole.security.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.SignedInAccount;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed sign-ins per account and IP address in the database, so that a block set by one
 * node holds on every node. The row lock taken by {@code FOR UPDATE} makes concurrent failures
 * on several nodes count one by one, and exactly one of them sets the block.
 */
@Service
public class SignInThrottle {

    private final JdbcClient jdbc;
    private final SignInProtectionProperties properties;
    private final SecurityEvents events;
    private final Clock clock;

    SignInThrottle(JdbcClient jdbc, SignInProtectionProperties properties, SecurityEvents events,
                   Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<Instant> blockedUntil(long accountId, String ip) {
        return jdbc.sql("SELECT blocked_until FROM login_failure WHERE account_id = ? AND ip = ? AND blocked_until > ?")
                .params(accountId, ip, Timestamp.from(clock.instant()))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /** Records a failed sign-in and blocks the IP for the account once the limit is reached. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(SignedInAccount account, String ip) {
        Instant now = clock.instant();
        jdbc.sql("INSERT IGNORE INTO login_failure (account_id, ip, failures, window_starts_at) VALUES (?, ?, 0, ?)")
                .params(account.accountId(), ip, Timestamp.from(now))
                .update();
        FailureRow row = jdbc.sql("SELECT failures, window_starts_at, blocked_until FROM login_failure WHERE account_id = ? AND ip = ? FOR UPDATE")
                .params(account.accountId(), ip)
                .query((rs, n) -> new FailureRow(rs.getInt(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
                .single();
        if (row.blockedUntil() != null && row.blockedUntil().isAfter(now)) {
            return;
        }
        boolean freshWindow = row.blockedUntil() != null
                || !row.windowStartsAt().plus(properties.failureWindow()).isAfter(now);
        int failures = freshWindow ? 1 : row.failures() + 1;
        Instant windowStartsAt = freshWindow ? now : row.windowStartsAt();
        Instant blockedUntil = failures >= properties.maxFailures() ? now.plus(properties.blockDuration()) : null;
        jdbc.sql("UPDATE login_failure SET failures = ?, window_starts_at = ?, blocked_until = ? WHERE account_id = ? AND ip = ?")
                .params(failures, Timestamp.from(windowStartsAt),
                        blockedUntil == null ? null : Timestamp.from(blockedUntil), account.accountId(), ip)
                .update();

        AccountRef target = new AccountRef(account.accountId(), account.email());
        events.publish(SecurityEventType.SIGN_IN_FAILED, null, account.organizationId(), target,
                "Wrong password, failure " + failures + " of " + properties.maxFailures() + " from " + ip);
        if (blockedUntil != null) {
            events.publish(SecurityEventType.SIGN_IN_BLOCKED, null, account.organizationId(), target,
                    "Sign-in from " + ip + " blocked until " + blockedUntil + " after " + failures + " failed attempts");
        }
    }

    /** A successful sign-in forgets the earlier failures of that IP. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordSuccess(long accountId, String ip) {
        jdbc.sql("DELETE FROM login_failure WHERE account_id = ? AND ip = ? AND (blocked_until IS NULL OR blocked_until <= ?)")
                .params(accountId, ip, Timestamp.from(clock.instant()))
                .update();
    }

    private record FailureRow(int failures, Instant windowStartsAt, Instant blockedUntil) {
    }
}
