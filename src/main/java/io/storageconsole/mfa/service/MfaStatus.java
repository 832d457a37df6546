package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.MfaState;

/**
 * What the MFA section of Profile Settings shows.
 *
 * @param enforced             the organization makes MFA mandatory, so it cannot be turned off
 * @param unusedRecoveryCodes  how many recovery codes are left (0 unless MFA is active)
 */
public record MfaStatus(MfaState state, boolean enforced, int unusedRecoveryCodes) {
}
