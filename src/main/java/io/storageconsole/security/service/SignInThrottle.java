package io.storageconsole.security.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.SignedInAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in attempts per account and IP address, on the {@link AttemptLimiter}: an address that
 * failed {@code maxFailures} times for an account within the window is blocked for that account,
 * on every node, and the right password does not lift the block. An email that belongs to no
 * account is counted the same way (by the normalised email), so the block answers alike and
 * does not tell which accounts exist.
 */
@Service
public class SignInThrottle {

    private final AttemptLimiter limiter;
    private final AttemptPolicy policy;
    private final SecurityEvents events;

    SignInThrottle(AttemptLimiter limiter, SignInProtectionProperties properties, SecurityEvents events) {
        this.limiter = limiter;
        this.policy = AttemptPolicy.fixed("sign-in", properties.maxFailures(), properties.failureWindow(),
                properties.blockDuration());
        this.events = events;
    }

    /** Counts this sign-in before its password is checked; refused while the address is blocked. */
    public Attempt reserve(SignedInAccount account, String ip) {
        return limiter.reserve(policy, keyOf(account.accountId(), ip));
    }

    /** The same for an email that belongs to no account: counted, and blocked, as if it did. */
    public Attempt reserveUnknown(String email, String ip) {
        return limiter.reserve(policy, "email:" + sha256(email == null ? "" : email.strip().toLowerCase(Locale.ROOT)) + "/" + ip);
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

    /** The counter's key; V040 hands over the rows of the former login_failure table in this form. */
    static String keyOf(long accountId, String ip) {
        return accountId + "/" + ip;
    }

    /** Keeps the key short whatever was typed, and the typed email out of the table. */
    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
