package io.storageconsole.session.service;

import io.storageconsole.security.service.SignInSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a console session may live: until it has been inactive for {@code inactivityTimeout},
 * and, when {@code requireLoginAfter} is set, no longer than that after sign-in.
 *
 * @param requireLoginAfter null for no absolute limit
 */
public record SessionLifetime(Duration inactivityTimeout, Duration requireLoginAfter) {

    /** PRODUCT.md: "Active sessions expire after 30 days of inactivity." */
    public static final Duration DEFAULT_INACTIVITY = Duration.ofDays(30);
    public static final Duration MIN_INACTIVITY = Duration.ofMinutes(15);
    public static final Duration MAX_INACTIVITY = SignInSessions.LONGEST_INACTIVITY;
    public static final int MIN_REQUIRE_LOGIN_AFTER_DAYS = 1;
    public static final int MAX_REQUIRE_LOGIN_AFTER_DAYS = 90;

    /** For accounts outside any organization (support) and organizations that never changed it. */
    public static final SessionLifetime DEFAULT = new SessionLifetime(DEFAULT_INACTIVITY, null);

    public SessionLifetime {
        if (inactivityTimeout == null || inactivityTimeout.isNegative() || inactivityTimeout.isZero()) {
            throw new IllegalArgumentException("An inactivity timeout is a positive duration");
        }
    }

    public Optional<Duration> absoluteLimit() {
        return Optional.ofNullable(requireLoginAfter);
    }

    /** The moment a session signed in at {@code signedInAt} and last active at {@code lastActiveAt} ends. */
    public Instant endOf(Instant signedInAt, Instant lastActiveAt) {
        Instant idleEnd = lastActiveAt.plus(inactivityTimeout);
        if (requireLoginAfter == null) {
            return idleEnd;
        }
        Instant absoluteEnd = signedInAt.plus(requireLoginAfter);
        return absoluteEnd.isBefore(idleEnd) ? absoluteEnd : idleEnd;
    }

    public boolean hasEnded(Instant signedInAt, Instant lastActiveAt, Instant now) {
        return !now.isBefore(endOf(signedInAt, lastActiveAt));
    }

    /** "30 days", "1 hour", "90 minutes": the largest unit that states the duration exactly. */
    public static String describe(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return plural(minutes / (24 * 60), "day");
        }
        if (minutes % 60 == 0) {
            return plural(minutes / 60, "hour");
        }
        return plural(minutes, "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
