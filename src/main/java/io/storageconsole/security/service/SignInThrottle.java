package io.storageconsole.security.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.SignedInAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in attempts, on the {@link AttemptLimiter}, under three limits at once, each reserved before
 * the password is checked:
 * <ul>
 * <li>per account and address (IPv6: its /64): an address that failed {@code maxFailures} times for
 * an account is blocked for that account, and the right password does not lift the block;</li>
 * <li>per address, across every account and unknown email: one address spraying guesses at many
 * accounts stops at {@code maxFailuresPerAddress};</li>
 * <li>per account, across every address: a botnet or a whole IPv6 range stops at
 * {@code maxFailuresPerAccount}.</li>
 * </ul>
 * An email that belongs to no account is counted the same way (by the normalised email), so the
 * block answers alike and does not tell which accounts exist. The two wider limits count failures
 * only: a success, or a check that never ran, gives its reservation back.
 */
@Service
public class SignInThrottle {

    private final AttemptLimiter limiter;
    private final AttemptPolicy perAccountAndAddress;
    private final AttemptPolicy perAddress;
    private final AttemptPolicy perAccount;
    private final SecurityEvents events;

    SignInThrottle(AttemptLimiter limiter, SignInProtectionProperties properties, SecurityEvents events) {
        this.limiter = limiter;
        this.perAccountAndAddress = AttemptPolicy.fixed("sign-in", properties.maxFailures(), properties.failureWindow(),
                properties.blockDuration());
        this.perAddress = AttemptPolicy.fixed("sign-in-address", properties.maxFailuresPerAddress(),
                properties.failureWindow(), properties.blockDuration());
        this.perAccount = AttemptPolicy.fixed("sign-in-account", properties.maxFailuresPerAccount(),
                properties.failureWindow(), properties.blockDuration());
        this.events = events;
    }

    /**
     * The reservations of one sign-in, for the answer and for what follows the check.
     *
     * @param attempt     the account-and-address attempt (its number and lock name the failure); when
     *                    refused, the refusal of whichever limit refused, with its lock
     * @param fromAddress the attempt on the address's limit; null when refused
     * @param onAccount   the attempt on the account's ceiling; null when refused
     */
    public record Reservation(String who, ClientAddress address, Attempt attempt, Attempt fromAddress, Attempt onAccount) {

        public boolean granted() {
            return attempt.granted();
        }

        public Instant lockedUntil() {
            return attempt.lockedUntil();
        }
    }

    /** Counts this sign-in before its password is checked; refused while any of the three limits is locked. */
    public Reservation reserve(SignedInAccount account, ClientAddress address) {
        return reserve(String.valueOf(account.accountId()), address);
    }

    /** The same for an email that belongs to no account: counted, and blocked, as if it did. */
    public Reservation reserveUnknown(String email, ClientAddress address) {
        return reserve("email:" + sha256(email == null ? "" : email.strip().toLowerCase(Locale.ROOT)), address);
    }

    private Reservation reserve(String who, ClientAddress address) {
        String pairKey = keyOf(who, address);
        Attempt pair = limiter.reserve(perAccountAndAddress, pairKey);
        if (!pair.granted()) {
            return new Reservation(who, address, pair, null, null);
        }
        Attempt fromAddress = limiter.reserve(perAddress, address.limitKey());
        if (!fromAddress.granted()) {
            limiter.refund(perAccountAndAddress, pairKey, pair);
            return new Reservation(who, address, fromAddress, null, null);
        }
        Attempt onAccount = limiter.reserve(perAccount, who);
        if (!onAccount.granted()) {
            limiter.refund(perAccountAndAddress, pairKey, pair);
            limiter.refund(perAddress, address.limitKey(), fromAddress);
            return new Reservation(who, address, onAccount, null, null);
        }
        return new Reservation(who, address, pair, fromAddress, onAccount);
    }

    /** Audits a wrong password (already counted by {@link #reserve}) and the blocks it may have started. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void failed(SignedInAccount account, Reservation reservation) {
        AccountRef target = new AccountRef(account.accountId(), account.email());
        Attempt attempt = reservation.attempt();
        String from = reservation.address().text();
        events.publish(SecurityEventType.SIGN_IN_FAILED, null, account.organizationId(), target,
                "Wrong password, failure " + attempt.number() + " of " + attempt.maxAttempts() + " from " + from);
        if (attempt.isLast()) {
            events.publish(SecurityEventType.SIGN_IN_BLOCKED, null, account.organizationId(), target,
                    "Sign-in from " + from + " blocked until " + attempt.lockedUntil() + " after "
                            + attempt.number() + " failed attempts");
        }
        if (reservation.onAccount().isLast()) {
            events.publish(SecurityEventType.SIGN_IN_BLOCKED, null, account.organizationId(), target,
                    "Sign-in from every address blocked until " + reservation.onAccount().lockedUntil() + " after "
                            + reservation.onAccount().number() + " failed attempts from many addresses");
        }
    }

    /** A successful sign-in forgets the earlier failures of that address for that account, and gives back its slots. */
    public void succeeded(Reservation reservation) {
        limiter.succeeded(perAccountAndAddress, keyOf(reservation.who(), reservation.address()));
        giveBackWiderLimits(reservation);
    }

    /** The password was never checked (no hash came free in time): nothing is counted. */
    public void notChecked(Reservation reservation) {
        limiter.refund(perAccountAndAddress, keyOf(reservation.who(), reservation.address()), reservation.attempt());
        giveBackWiderLimits(reservation);
    }

    private void giveBackWiderLimits(Reservation reservation) {
        limiter.refund(perAddress, reservation.address().limitKey(), reservation.fromAddress());
        limiter.refund(perAccount, reservation.who(), reservation.onAccount());
    }

    /** The counter's key; V040 handed over the rows of the former login_failure table in this form. */
    private static String keyOf(String who, ClientAddress address) {
        return who + "/" + address.limitKey();
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
