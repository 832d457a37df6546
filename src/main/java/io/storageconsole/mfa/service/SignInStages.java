package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.mfa.domain.MfaStates;
import io.storageconsole.mfa.domain.MfaStates.AccountMfa;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.service.SecondFactorPolicy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Active MFA asks for a code; MFA that is on but not set up, or required by the organization once
 * its grace period is over, sends the user through enrolment.
 */
@Service
class SignInStages implements SecondFactorPolicy {

    private final MfaStates states;
    private final MfaEnforcementPolicy enforcement;

    SignInStages(MfaStates states, MfaEnforcementPolicy enforcement) {
        this.states = states;
        this.enforcement = enforcement;
    }

    @Override
    @Transactional(readOnly = true)
    public SignInStage stageAfterPassword(long accountId, Long organizationId) {
        MfaState state = states.find(accountId).map(AccountMfa::state).orElse(MfaState.OFF);
        return switch (state) {
            case ACTIVE -> SignInStage.MFA_CHALLENGE;
            case PENDING -> SignInStage.MFA_ENROLMENT;
            case OFF -> enforcement.isEnrolmentRequiredNow(organizationId) ? SignInStage.MFA_ENROLMENT : SignInStage.COMPLETE;
        };
    }
}
