package io.storageconsole.security.service;

import java.time.Instant;

/**
 * The answer of {@link AttemptLimiter#reserve}: whether the caller may make its check now.
 *
 * @param granted     the attempt is counted and the check may run
 * @param number      which attempt of the window this is (1 for the first); 0 when refused
 * @param maxAttempts the policy's limit, for messages such as "failure 2 of 5"
 * @param lockedUntil when refused, the moment attempts are taken again; when granted, the lock that
 *                    stands if this attempt fails (it is the last allowed one), otherwise null
 */
public record Attempt(boolean granted, int number, int maxAttempts, Instant lockedUntil) {

    static Attempt granted(int number, int maxAttempts, Instant lockIfFailed) {
        return new Attempt(true, number, maxAttempts, lockIfFailed);
    }

    static Attempt refused(int maxAttempts, Instant lockedUntil) {
        return new Attempt(false, 0, maxAttempts, lockedUntil);
    }

    /** A granted attempt that used up the limit: if it fails, the key is locked until {@link #lockedUntil()}. */
    public boolean isLast() {
        return granted && lockedUntil != null;
    }
}
