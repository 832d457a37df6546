package io.storageconsole.security.service;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How many attempts of one kind a key gets: {@code maxAttempts} within {@code window} (counted from
 * the first), then a lock of {@code firstLock}, which doubles with each further lock of the same key
 * up to {@code longestLock} (equal to {@code firstLock} for a lock that never grows).
 *
 * @param kind what is attempted, such as "sign-in"; one counter per kind and key
 */
public record AttemptPolicy(String kind, int maxAttempts, Duration window, Duration firstLock, Duration longestLock) {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public AttemptPolicy {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("An attempt kind is 1 to 32 lower-case letters, digits and dashes: " + kind);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("At least one attempt must be allowed, not " + maxAttempts);
        }
        if (window.toSeconds() < 1 || firstLock.toSeconds() < 1) {
            throw new IllegalArgumentException("A window and a lock last at least a second");
        }
        // When a lock ends, the window it began in has ended too; AttemptLimiter's one-statement
        // reservation relies on it (see its comment).
        if (firstLock.compareTo(window) < 0) {
            throw new IllegalArgumentException("A lock (" + firstLock + ") lasts at least its window (" + window + ")");
        }
        if (longestLock.compareTo(firstLock) < 0) {
            throw new IllegalArgumentException("The longest lock (" + longestLock + ") is at least the first (" + firstLock + ")");
        }
    }

    /** A policy whose lock is always {@code lock} long. */
    public static AttemptPolicy fixed(String kind, int maxAttempts, Duration window, Duration lock) {
        return new AttemptPolicy(kind, maxAttempts, window, lock, lock);
    }

    /** A policy whose lock doubles with each lock of the same key, up to {@code longestLock}. */
    public static AttemptPolicy doubling(String kind, int maxAttempts, Duration window, Duration firstLock,
                                         Duration longestLock) {
        return new AttemptPolicy(kind, maxAttempts, window, firstLock, longestLock);
    }
}
