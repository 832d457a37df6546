package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.MfaState;

/**
 * What the MFA section of Profile Settings shows.
 *
 * @param enforced             MFA is mandatory (the organization enforces it, or the account is
 *                             support's), so it cannot be turned off
 * @param unusedRecoveryCodes  how many recovery codes are left (0 unless MFA is active)
 * @param whyMandatory         the sentence that says why MFA cannot be turned off; null when it can
 */
public record MfaStatus(MfaState state, boolean enforced, int unusedRecoveryCodes, String whyMandatory) {
}
