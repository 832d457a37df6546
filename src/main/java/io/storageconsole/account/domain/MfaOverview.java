package io.storageconsole.account.domain;

import org.springframework.modulith.NamedInterface;

/**
 * The root's MFA summary: the sub-users who sign in to the console, by MFA state, and apart from
 * them those with API keys only, for whom MFA does not apply (never counted as "off").
 */
@NamedInterface("model")
public record MfaOverview(long active, long pending, long off, long apiKeysOnly) {

    /** Console users without active MFA: under enforcement, required by policy and not yet enrolled. */
    public long notEnrolled() {
        return pending + off;
    }
}
