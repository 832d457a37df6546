package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.mfa.domain.MfaStates;
import io.storageconsole.mfa.domain.MfaStates.AccountMfa;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.service.SecondFactorPolicy;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Active MFA asks for a code; MFA that is on but not set up, or required by the organization once
 * its grace period is over, sends the user through enrolment. Support members always use MFA,
 * whatever any organization's policy says: without it they enrol first.
 */
@Service
class SignInStages implements SecondFactorPolicy {

    private final MfaStates states;
    private final MfaEnforcementPolicy enforcement;

    SignInStages(MfaStates states, MfaEnforcementPolicy enforcement) {
        this.states = states;
        this.enforcement = enforcement;
    }

    // Reads, no transaction: every password sign-in asks, and a transaction's begin and end are round trips of their own.
    // The account's is read again if a database node went away under it: no retried transaction covers it (decision 0036).
    @Override
    public SignInStage stageAfterPassword(long accountId, Long organizationId) {
        Optional<AccountMfa> account = ConflictRetry.read("The MFA state after the password", () -> states.find(accountId));
        boolean support = account.map(found -> found.role() == AccountRole.SUPPORT).orElse(false);
        return switch (account.map(AccountMfa::state).orElse(MfaState.OFF)) {
            case ACTIVE -> SignInStage.MFA_CHALLENGE;
            case PENDING -> SignInStage.MFA_ENROLMENT;
            case OFF -> support || enforcement.isEnrolmentRequiredNow(organizationId)
                    ? SignInStage.MFA_ENROLMENT : SignInStage.COMPLETE;
        };
    }
}
