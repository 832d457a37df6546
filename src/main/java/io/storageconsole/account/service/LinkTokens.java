package io.storageconsole.account.service;

import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.text.Times;
import io.storageconsole.security.service.Attempt;
import io.storageconsole.security.service.AttemptLimiter;
import io.storageconsole.security.service.AttemptPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What the single-use links by email share (a forgotten password, an invitation): a random token
 * that exists only in the mail, its SHA-256 hash that the database keeps, and the limits on
 * requests and tries, reserved per network address through the attempt limiter.
 */
final class LinkTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LinkTokens() {
    }

    /** 32 random bytes, base64url: what the link carries. */
    static String newToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The only form of a token the database sees; null (no token in the address) hashes like an empty one. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((token == null ? "" : token).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The network address of the request being served, the key of the per-address limits. */
    static String networkAddress() {
        String ip = RequestOrigin.current().ip();
        return ip == null ? "unknown" : ip;
    }

    /**
     * Reserves one attempt under each policy (with its key; a null policy is skipped); refused with
     * {@code tooMany} and how long to wait once any of them is used up.
     */
    static void requireWithinLimits(AttemptLimiter limiter, Clock clock, String tooMany,
                                    AttemptPolicy first, String firstKey, AttemptPolicy second, String secondKey) {
        Attempt one = limiter.reserve(first, firstKey);
        Attempt other = second == null ? null : limiter.reserve(second, secondKey);
        Instant lockedUntil = !one.granted() ? one.lockedUntil() : other != null && !other.granted() ? other.lockedUntil() : null;
        if (lockedUntil != null) {
            throw new ActionRefusedException(tooMany + Times.minutesFrom(clock.instant(), lockedUntil) + ".");
        }
    }
}
