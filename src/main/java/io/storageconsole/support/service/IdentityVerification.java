package io.storageconsole.support.service;

import io.storageconsole.account.service.AccountLookup;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.event.VerificationCodeMail;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.text.Times;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.Attempt;
import io.storageconsole.security.service.AttemptLimiter;
import io.storageconsole.security.service.AttemptPolicy;
import io.storageconsole.support.domain.VerificationCode;
import io.storageconsole.support.domain.VerificationStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support checks that it talks with the account's owner: "Send verification code" mails a one-time
 * code to the account's address (through the outbox), the customer reads it back, support types it
 * in. The code has {@value #CODE_DIGITS} digits, is stored only as a salted SHA-256, works once, for
 * 15 minutes and {@value #MAX_TRIES} tries (the attempt limiter, per code); a new code voids the old
 * one. A verified identity lets the member who verified it act on the account for 30 minutes.
 */
@Service
public class IdentityVerification {

    public static final Duration CODE_VALID = Duration.ofMinutes(15);
    public static final Duration VERIFIED_FOR = Duration.ofMinutes(30);
    public static final int CODE_DIGITS = 8;
    public static final int MAX_TRIES = 5;
    static final int MAX_MAILS_PER_HOUR = 5;

    public static final String NO_CODE_WAITING = "No code is waiting for this account: it was used, replaced, "
            + "or its 15 minutes are over. Send a new code.";
    public static final String CODE_MALFORMED = "Enter the " + CODE_DIGITS + "-digit code the customer reads out.";
    public static final String TOO_MANY_TRIES = "That code was tried " + MAX_TRIES
            + " times, so it no longer works. Send a new code.";
    public static final String TOO_MANY_MAILS = "Several codes were mailed to this account in the last hour. "
            + "Wait before sending another, so the customer's inbox is not flooded.";
    public static final String NOT_VERIFIED = "Verify the customer's identity first: send a verification code and "
            + "type in the code they read back.";

    // Tries per code: the lock outlasts the code, so a code that used up its tries never works again.
    private static final AttemptPolicy TRIES = AttemptPolicy.fixed("support-verification", MAX_TRIES, CODE_VALID, CODE_VALID);
    private static final AttemptPolicy MAILS = AttemptPolicy.fixed("support-code-mail", MAX_MAILS_PER_HOUR,
            Duration.ofHours(1), Duration.ofHours(1));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BOUND = (int) Math.pow(10, CODE_DIGITS);

    private final SupportMembers members;
    private final VerificationStore codes;
    private final AccountLookup lookup;
    private final AttemptLimiter limiter;
    private final SecurityEvents events;
    private final ApplicationEventPublisher mail;
    private final TransactionTemplate transactions;
    private final Clock clock;

    IdentityVerification(SupportMembers members, VerificationStore codes, AccountLookup lookup, AttemptLimiter limiter,
                         SecurityEvents events, ApplicationEventPublisher mail, TransactionTemplate transactions,
                         Clock clock) {
        this.members = members;
        this.codes = codes;
        this.lookup = lookup;
        this.limiter = limiter;
        this.events = events;
        this.mail = mail;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** "Send verification code": a new code to the account's own address; returns when it expires. */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Instant sendCode(long accountId) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        if (!limiter.reserve(MAILS, String.valueOf(customer.id())).granted()) {
            throw new ActionRefusedException(TOO_MANY_MAILS);
        }
        String code = String.format("%0" + CODE_DIGITS + "d", RANDOM.nextInt(BOUND));
        String salt = HexFormat.of().formatHex(randomBytes());
        Instant now = clock.instant();
        Instant expiresAt = now.plus(CODE_VALID);
        transactions.executeWithoutResult(status -> {
            codes.replaceCode(customer.id(), salt, hash(salt, code), me.accountId(), now, expiresAt);
            mail.publishEvent(new VerificationCodeMail(customer.email(), readable(code), expiresAt));
            events.publish(SecurityEventType.SUPPORT_VERIFICATION_CODE_SENT, actor(me), customer.organizationId(),
                    target(customer), "One-time code mailed to the account's address, valid until " + Times.secondUtc(expiresAt));
        });
        return expiresAt;
    }

    /**
     * Checks the code the customer read back. A wrong code is refused on the "code" field with the
     * tries left; the last wrong try voids the code, and further tries are refused.
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public void verify(long accountId, String typedCode) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        String code = digitsOf(typedCode);
        if (code == null) {
            throw InvalidInputException.of("code", CODE_MALFORMED);
        }
        Instant now = clock.instant();
        VerificationCode waiting = codes.findWaiting(customer.id(), now)
                .orElseThrow(() -> new ActionRefusedException(NO_CODE_WAITING));
        String key = String.valueOf(waiting.id());
        Attempt attempt = limiter.reserve(TRIES, key);
        if (!attempt.granted()) {
            // Not voided here: one of the tries still being checked may be the right code.
            throw new ActionRefusedException(TOO_MANY_TRIES);
        }
        if (!MessageDigest.isEqual(hash(waiting.codeSalt(), code).getBytes(StandardCharsets.US_ASCII),
                waiting.codeHash().getBytes(StandardCharsets.US_ASCII))) {
            transactions.executeWithoutResult(status -> {
                if (attempt.isLast()) {
                    codes.voidCode(waiting.id(), now);
                }
                events.publish(SecurityEventType.SUPPORT_VERIFICATION_FAILED, actor(me), customer.organizationId(),
                        target(customer), "Wrong verification code, try " + attempt.number() + " of " + MAX_TRIES);
            });
            if (attempt.isLast()) {
                throw new ActionRefusedException(TOO_MANY_TRIES);
            }
            int left = MAX_TRIES - attempt.number();
            throw InvalidInputException.of("code", "That code is not right. " + left + (left == 1 ? " try" : " tries")
                    + " left for this code.");
        }
        boolean used = Boolean.TRUE.equals(transactions.execute(status -> {
            if (!codes.use(waiting.id(), me.accountId(), now)) {
                return false;
            }
            events.publish(SecurityEventType.SUPPORT_IDENTITY_VERIFIED, actor(me), customer.organizationId(),
                    target(customer), "Identity verified with the code sent at " + Times.secondUtc(waiting.sentAt())
                            + "; this member may act on the account until " + Times.secondUtc(now.plus(VERIFIED_FOR)));
            return true;
        }));
        // The code's counter is not forgotten: the code never works again, and the counter is purged with the idle ones.
        if (!used) {
            throw new ActionRefusedException(NO_CODE_WAITING);
        }
    }

    /** Where the identity check of the account stands for the calling member. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public VerificationStatus status(long accountId) {
        SignedInAccount me = members.require();
        Instant now = clock.instant();
        Optional<VerificationCode> waiting = codes.findWaiting(accountId, now);
        Optional<VerificationCode> verified = codes.findVerifiedBySince(accountId, me.accountId(), now.minus(VERIFIED_FOR))
                .or(() -> codes.findVerifiedSince(accountId, now.minus(VERIFIED_FOR)));
        List<Long> people = new java.util.ArrayList<>();
        waiting.ifPresent(code -> people.add(code.sentBy()));
        verified.ifPresent(code -> people.add(code.verifiedBy()));
        Map<Long, AccountSummary> names = lookup.findAll(people);
        return new VerificationStatus(
                waiting.map(VerificationCode::sentAt).orElse(null),
                waiting.map(code -> emailOf(names, code.sentBy())).orElse(null),
                waiting.map(VerificationCode::expiresAt).orElse(null),
                verified.map(VerificationCode::usedAt).orElse(null),
                verified.map(code -> emailOf(names, code.verifiedBy())).orElse(null),
                verified.map(code -> code.usedAt().plus(VERIFIED_FOR)).orElse(null),
                verified.map(code -> code.verifiedBy() == me.accountId()).orElse(false));
    }

    /** The calling member's identity check of the account, valid now; refused without one. */
    VerificationCode requireVerifiedBy(SignedInAccount me, long accountId) {
        return codes.findVerifiedBySince(accountId, me.accountId(), clock.instant().minus(VERIFIED_FOR))
                .orElseThrow(() -> new ActionRefusedException(NOT_VERIFIED));
    }

    /** Whether the identity check {@code verificationId} still lets its member act now; false once it is gone. */
    boolean isStillValid(long verificationId) {
        return codes.findById(verificationId).map(this::isStillValid).orElse(false);
    }

    /** Whether an identity check recorded earlier still lets its member act now. */
    private boolean isStillValid(VerificationCode verification) {
        return verification.usedAt() != null && verification.usedAt().plus(VERIFIED_FOR).isAfter(clock.instant());
    }

    /** "12345678" from what support typed ("1234 5678", "1234-5678", digits of any script); null if it is not one. */
    static String digitsOf(String typed) {
        if (typed == null || typed.length() > 40) {
            return null;
        }
        StringBuilder digits = new StringBuilder(CODE_DIGITS);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (Character.isDigit(c)) {
                digits.append(Character.forDigit(Character.digit(c, 10), 10));
            } else if (c != ' ' && c != '-' && c != '\u00a0') {
                return null;
            }
        }
        return digits.length() == CODE_DIGITS ? digits.toString() : null;
    }

    /** "1234 5678": two groups are easier to read out on the phone. */
    static String readable(String code) {
        return code.substring(0, CODE_DIGITS / 2) + " " + code.substring(CODE_DIGITS / 2);
    }

    static String hash(String salt, String code) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(HexFormat.of().parseHex(salt));
            return HexFormat.of().formatHex(sha256.digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String emailOf(Map<Long, AccountSummary> accounts, Long id) {
        AccountSummary account = id == null ? null : accounts.get(id);
        return account == null ? "a former support member" : account.email();
    }

    private static AccountRef actor(SignedInAccount me) {
        return new AccountRef(me.accountId(), me.email());
    }

    private static AccountRef target(AccountSummary customer) {
        return new AccountRef(customer.id(), customer.email());
    }
}
