package io.storageconsole.support.service;

import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.service.AccountLookup;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.mfa.service.MfaService;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The explicit checks behind every support service method (beside its {@code @PreAuthorize}): the
 * caller is a fully signed-in support member whose own MFA is active (a session from before MFA
 * was required is not enough), and the account acted on is a customer's, never a support member's.
 */
@Component
class SupportMembers {

    static final String MFA_REQUIRED = "Support work needs multi-factor authentication on your own account. "
            + "Sign out and sign in again to set it up.";
    static final String ACCOUNT_GONE = "This account no longer exists.";

    private final MfaService mfa;
    private final AccountLookup lookup;

    SupportMembers(MfaService mfa, AccountLookup lookup) {
        this.mfa = mfa;
        this.lookup = lookup;
    }

    SignedInAccount require() {
        SignedInAccount me = CurrentAccount.requireRole(Roles.SUPPORT);
        if (!mfa.isMineActive()) {
            throw new ActionRefusedException(MFA_REQUIRED);
        }
        return me;
    }

    /** A root user or sub-user of any organization; support accounts are not support's to act on. */
    AccountSummary customer(long accountId) {
        AccountSummary account = lookup.find(accountId).orElseThrow(() -> new ActionRefusedException(ACCOUNT_GONE));
        if (account.role() == AccountRole.SUPPORT) {
            throw new AccessDeniedException("Support does not act on support accounts");
        }
        return account;
    }
}
