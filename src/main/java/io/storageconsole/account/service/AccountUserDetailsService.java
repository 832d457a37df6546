package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.base.service.MfaEnforcementPolicy;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Looks up who is trying to sign in. An invalid address is simply not found: no query is made. */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final AccountRepository accounts;
    private final MfaEnforcementPolicy enforcement;

    AccountUserDetailsService(AccountRepository accounts, MfaEnforcementPolicy enforcement) {
        this.accounts = accounts;
        this.enforcement = enforcement;
    }

    @Override
    @Transactional(readOnly = true)
    public SignedInAccount loadUserByUsername(String username) {
        if (EmailAddresses.problemWith(username) != null) {
            throw new UsernameNotFoundException("No such account");
        }
        Account account = accounts.findByEmail(EmailAddresses.normalize(username))
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
        return new SignedInAccount(account.getId(), account.getOrganizationId(), account.getEmail(),
                account.getRole().name(), stageAfterPassword(account), account.getCredentialsVersion(),
                account.hasConsoleAccess() ? account.getPasswordHash() : null);
    }

    /**
     * Active MFA asks for a code; MFA that is on but not set up, or required by the organization
     * once its grace period is over, sends the user through enrolment. Support members always use
     * MFA, whatever any organization's policy says: without it they enrol first.
     */
    private SignInStage stageAfterPassword(Account account) {
        return switch (account.getMfaState()) {
            case ACTIVE -> SignInStage.MFA_CHALLENGE;
            case PENDING -> SignInStage.MFA_ENROLMENT;
            case OFF -> account.getRole() == AccountRole.SUPPORT
                    || enforcement.isEnrolmentRequiredNow(account.getOrganizationId())
                    ? SignInStage.MFA_ENROLMENT : SignInStage.COMPLETE;
        };
    }
}
