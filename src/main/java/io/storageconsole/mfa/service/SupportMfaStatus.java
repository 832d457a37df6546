package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.MfaState;
import java.time.Instant;

/**
 * A customer's MFA as support's account page shows it: never the key, a code or a recovery code.
 *
 * @param activeSince         when the authenticator was linked (null unless MFA is active)
 * @param setUpStartedAt      when a set-up under way began (null when none runs)
 * @param unusedRecoveryCodes recovery codes left (0 unless MFA is active)
 * @param codesLockedUntil    until when codes are refused after too many wrong ones; null when not locked
 */
public record SupportMfaStatus(MfaState state, Instant activeSince, Instant setUpStartedAt, int unusedRecoveryCodes,
                               Instant codesLockedUntil) {
}
