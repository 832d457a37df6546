package io.storageconsole.mfa.service;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether an organization makes MFA mandatory. The organization feature answers; the MFA feature
 * asks, without depending on it (the organization feature depends on MFA for its resets).
 */
public interface MfaEnforcementPolicy {

    boolean isMfaEnforced(Long organizationId);

    /**
     * Whether a user of the organization without active MFA must enrol before signing in now: the
     * organization enforces MFA and its grace period, if any, has ended.
     */
    boolean isEnrolmentRequiredNow(Long organizationId);

    /**
     * Until when a user of the organization without active MFA may still sign in without enrolling:
     * the end of the grace period while it runs; empty without enforcement or grace period, or after it.
     */
    Optional<Instant> enrolmentDeadline(Long organizationId);
}
