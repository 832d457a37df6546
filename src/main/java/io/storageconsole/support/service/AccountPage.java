package io.storageconsole.support.service;

import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.mfa.service.SupportMfaStatus;
import io.storageconsole.security.service.SignInThrottle.SignInBlock;
import io.storageconsole.session.service.ActiveSession;
import io.storageconsole.support.domain.SupportRequest;
import java.util.List;
import java.util.Optional;

/**
 * Everything support's account page shows, and nothing secret: no TOTP key, recovery code,
 * password hash, session token or verification code is in any of its parts.
 *
 * @param organizationName null for an account outside any organization
 * @param pendingApproval  an MFA reset of this (root) account waiting for a second member's approval
 */
public record AccountPage(AccountSummary account, String organizationName, SupportMfaStatus mfa,
                          List<SignInBlock> signInBlocks, List<ActiveSession> sessions,
                          Optional<SupportRequest> openRequest, VerificationStatus verification,
                          Optional<SupportQueue.PendingApproval> pendingApproval,
                          List<SecurityHistory.Entry> recentEvents) {

    /** Whether resetting MFA of this account needs a second support member's approval (four eyes). */
    public boolean resetNeedsApproval() {
        return account.role() == io.storageconsole.account.domain.AccountRole.ROOT;
    }
}
