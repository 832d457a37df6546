package io.storageconsole.mfa.service;

import java.time.Instant;

import io.storageconsole.account.domain.MfaState;

/**
 * What the MFA section of Profile Settings shows.
 *
 * @param enforced             MFA is mandatory (the organization enforces it, or the account is
 *                             support's), so it cannot be turned off
 * @param unusedRecoveryCodes  how many recovery codes are left (0 unless MFA is active)
 * @param whyMandatory         the sentence that says why MFA cannot be turned off; null when it can
 * @param enrolBy              the end of the organization's grace period, by when the user must set
 *                             MFA up; null when MFA is active or no grace period runs
 */
public record MfaStatus(MfaState state, boolean enforced, int unusedRecoveryCodes, String whyMandatory, Instant enrolBy) {
}
