package io.storageconsole.security.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in attempts per account and IP address, on the {@link AttemptLimiter}: an address that
 * failed {@code maxFailures} times for an account within the window is blocked for that account,
 * on every node, and the right password does not lift the block.
 */
@Service
public class SignInThrottle {

    private final AttemptLimiter limiter;
    private final AttemptPolicy policy;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;

    SignInThrottle(AttemptLimiter limiter, SignInProtectionProperties properties, SecurityEvents events,
                   TransactionTemplate transactions) {
        this.limiter = limiter;
        this.policy = AttemptPolicy.fixed("sign-in", properties.maxFailures(), properties.failureWindow(),
                properties.blockDuration());
        this.events = events;
        this.transactions = transactions;
    }

    /** Counts this sign-in before its password is checked; refused while the address is blocked. */
    public Attempt reserve(SignedInAccount account, String ip) {
        return limiter.reserve(policy, keyOf(account.accountId(), ip));
    }

    /** Audits a wrong password (already counted by {@link #reserve}) and the block it may have started. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void failed(SignedInAccount account, String ip, Attempt attempt) {
        AccountRef target = new AccountRef(account.accountId(), account.email());
        events.publish(SecurityEventType.SIGN_IN_FAILED, null, account.organizationId(), target,
                "Wrong password, failure " + attempt.number() + " of " + attempt.maxAttempts() + " from " + ip);
        if (attempt.isLast()) {
            events.publish(SecurityEventType.SIGN_IN_BLOCKED, null, account.organizationId(), target,
                    "Sign-in from " + ip + " blocked until " + attempt.lockedUntil() + " after "
                            + attempt.number() + " failed attempts");
        }
    }

    /** A successful sign-in forgets the earlier failures of that address. */
    public void succeeded(SignedInAccount account, String ip) {
        limiter.succeeded(policy, keyOf(account.accountId(), ip));
    }

    /**
     * Support: the addresses blocked from signing in to the account now, each with the end of its
     * block, ordered by address. Never reserves or changes anything.
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public List<SignInBlock> blocksOf(long accountId) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        return limiter.locksUnder(policy, accountId + "/").entrySet().stream()
                .map(lock -> new SignInBlock(lock.getKey().substring(lock.getKey().indexOf('/') + 1), lock.getValue()))
                .toList();
    }

    /**
     * Support: lifts every sign-in block of the account (and forgets its failed attempts), audited
     * with {@code details} (the reason and ticket reference); returns the blocks that were running.
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public List<SignInBlock> liftBlocks(AccountRef account, Long organizationId, String details) {
        SignedInAccount me = CurrentAccount.requireRole(Roles.SUPPORT);
        List<SignInBlock> lifted = limiter.forgetUnder(policy, account.id() + "/").entrySet().stream()
                .map(lock -> new SignInBlock(lock.getKey().substring(lock.getKey().indexOf('/') + 1), lock.getValue()))
                .toList();
        transactions.executeWithoutResult(status -> events.publish(SecurityEventType.SIGN_IN_BLOCKS_LIFTED,
                new AccountRef(me.accountId(), me.email()), organizationId, account,
                (lifted.isEmpty() ? "No address was blocked" : "Lifted the blocks of " + lifted.stream()
                        .map(SignInBlock::ip).collect(java.util.stream.Collectors.joining(", "))) + ". " + details));
        return lifted;
    }

    /** The counter's key; V040 hands over the rows of the former login_failure table in this form. */
    static String keyOf(long accountId, String ip) {
        return accountId + "/" + ip;
    }

    /** One address blocked from signing in to an account, until {@code until}. */
    public record SignInBlock(String ip, Instant until) {
    }
}
