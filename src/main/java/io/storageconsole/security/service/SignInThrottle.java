package io.storageconsole.security.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
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
 * only: a success, or a check that never ran, gives its reservation back. The three are reserved
 * together, in one transaction (decision 0033).
 */
@Service
public class SignInThrottle {

    /** What support sees while the account's ceiling blocks it from every address. */
    public static final String EVERY_ADDRESS = "every address";

    private final AttemptLimiter limiter;
    private final AttemptPolicy perAccountAndAddress;
    private final AttemptPolicy perAddress;
    private final AttemptPolicy perAccount;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;

    SignInThrottle(AttemptLimiter limiter, SignInProtectionProperties properties, SecurityEvents events,
                   TransactionTemplate transactions) {
        this.limiter = limiter;
        this.perAccountAndAddress = AttemptPolicy.fixed("sign-in", properties.maxFailures(), properties.failureWindow(),
                properties.blockDuration());
        this.perAddress = AttemptPolicy.fixed("sign-in-address", properties.maxFailuresPerAddress(),
                properties.failureWindow(), properties.blockDuration());
        this.perAccount = AttemptPolicy.fixed("sign-in-account", properties.maxFailuresPerAccount(),
                properties.failureWindow(), properties.blockDuration());
        this.events = events;
        this.transactions = transactions;
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

    /**
     * Support: the addresses blocked from signing in to the account now, each with the end of its
     * block, ordered by address, and "every address" while the account's ceiling is locked. Never
     * reserves or changes anything.
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public List<SignInBlock> blocksOf(long accountId) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        List<SignInBlock> blocks = new ArrayList<>(limiter.locksUnder(perAccountAndAddress, accountId + "/").entrySet()
                .stream().map(SignInThrottle::blockOf).toList());
        limiter.lockedUntil(perAccount, String.valueOf(accountId))
                .ifPresent(until -> blocks.add(new SignInBlock(EVERY_ADDRESS, until)));
        return blocks;
    }

    /**
     * Support: lifts every sign-in block of the account, its ceiling's too (and forgets its failed
     * attempts), audited with {@code details} (the reason and ticket reference); returns the blocks
     * that were running.
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public List<SignInBlock> liftBlocks(AccountRef account, Long organizationId, String details) {
        SignedInAccount me = CurrentAccount.requireRole(Roles.SUPPORT);
        List<SignInBlock> lifted = new ArrayList<>(limiter.forgetUnder(perAccountAndAddress, account.id() + "/").entrySet()
                .stream().map(SignInThrottle::blockOf).toList());
        limiter.lockedUntil(perAccount, String.valueOf(account.id()))
                .ifPresent(until -> lifted.add(new SignInBlock(EVERY_ADDRESS, until)));
        limiter.succeeded(perAccount, String.valueOf(account.id()));
        transactions.executeWithoutResult(status -> events.publish(SecurityEventType.SIGN_IN_BLOCKS_LIFTED,
                new AccountRef(me.accountId(), me.email()), organizationId, account,
                (lifted.isEmpty() ? "No address was blocked" : "Lifted the blocks of " + lifted.stream()
                        .map(SignInBlock::ip).collect(Collectors.joining(", "))) + ". " + details));
        return lifted;
    }

    private static SignInBlock blockOf(Map.Entry<String, Instant> lock) {
        return new SignInBlock(lock.getKey().substring(lock.getKey().indexOf('/') + 1), lock.getValue());
    }

    /** The same for an email that belongs to no account: counted, and blocked, as if it did. */
    public Reservation reserveUnknown(String email, ClientAddress address) {
        return reserve("email:" + sha256(email == null ? "" : email.strip().toLowerCase(Locale.ROOT)), address);
    }

    private Reservation reserve(String who, ClientAddress address) {
        // All three in one transaction, one commit: a refusal by any of them counts none.
        AttemptLimiter.Attempts attempts = limiter.reserveAll(List.of(
                new AttemptLimiter.Limit(perAccountAndAddress, keyOf(who, address)),
                new AttemptLimiter.Limit(perAddress, address.limitKey()),
                new AttemptLimiter.Limit(perAccount, who)));
        if (!attempts.allGranted()) {
            return new Reservation(who, address, attempts.refusal(), null, null);
        }
        List<Attempt> granted = attempts.granted();
        return new Reservation(who, address, granted.get(0), granted.get(1), granted.get(2));
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

    /**
     * A successful sign-in forgets the earlier failures of that address for that account, and gives
     * back its slots: recorded once the HTTP request this thread serves has been answered, at once
     * outside one (its next attempts wait for it, see {@link AttemptLimiter#succeededAndRefundedAfterAnswer}).
     *
     * @return completes once it was recorded (or given up, logged)
     */
    public CompletableFuture<Void> succeeded(Reservation reservation) {
        // One transaction for the three counters: a sign-in commits once here, not three times.
        return limiter.succeededAndRefundedAfterAnswer(perAccountAndAddress, keyOf(reservation.who(), reservation.address()), List.of(
                new AttemptLimiter.Refund(perAddress, reservation.address().limitKey(), reservation.fromAddress()),
                new AttemptLimiter.Refund(perAccount, reservation.who(), reservation.onAccount())), answered());
    }

    /**
     * Completes once the HTTP request this thread serves has been answered (when its request
     * attributes complete, after every filter), at once outside a request; a second at most, should
     * that never come.
     */
    static CompletableFuture<Void> answered() {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            answered.complete(null);
            return answered;
        }
        // A name of its own: a second callback under the same name would replace the first.
        request.registerDestructionCallback(SignInThrottle.class.getName() + ".answered." + System.identityHashCode(answered),
                () -> answered.complete(null), RequestAttributes.SCOPE_REQUEST);
        return answered.completeOnTimeout(null, 1, TimeUnit.SECONDS);
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

    /** One address blocked from signing in to an account, until {@code until}. */
    public record SignInBlock(String ip, Instant until) {
    }
}
