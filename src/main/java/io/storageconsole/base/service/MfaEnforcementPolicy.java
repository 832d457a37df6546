package io.storageconsole.base.service;

/**
 * Whether an organization makes MFA mandatory. The organization feature answers; the MFA feature
 * asks, without depending on it (the organization feature depends on MFA for its resets).
 */
public interface MfaEnforcementPolicy {

    boolean isMfaEnforced(Long organizationId);
}
