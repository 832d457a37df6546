package io.storageconsole.mfa.service;

import dev.samstevens.totp.code.HashingAlgorithm;
import java.time.Instant;
import java.util.Objects;

/**
 * How TOTP codes are made and how much clock drift is forgiven (RFC 6238). A value, as in
 * Keycloak's OTP policy, so that a verifier and an otpauth URI can never disagree about it.
 *
 * @param allowedDriftSteps how many whole periods a code may be early or late
 */
public record TotpPolicy(HashingAlgorithm algorithm, int digits, int periodSeconds, int allowedDriftSteps) {

    /** SHA-1, 6 digits, 30 s, one step either way: the only combination every authenticator app reads. */
    public static final TotpPolicy AUTHENTICATOR_APPS = new TotpPolicy(HashingAlgorithm.SHA1, 6, 30, 1);

    public TotpPolicy {
        Objects.requireNonNull(algorithm, "algorithm");
        // RFC 4226 asks for at least 6 digits; beyond 8 the 31-bit truncated hash no longer fills the code.
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("A TOTP code has 6 to 8 digits, not " + digits);
        }
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("A TOTP period is at least one second, not " + periodSeconds);
        }
        if (allowedDriftSteps < 0 || allowedDriftSteps > 10) {
            throw new IllegalArgumentException("Allowed drift is 0 to 10 steps, not " + allowedDriftSteps);
        }
    }

    /** The RFC 6238 counter T = floor((time - T0) / period), with T0 the Unix epoch. */
    public long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), (long) periodSeconds);
    }
}
