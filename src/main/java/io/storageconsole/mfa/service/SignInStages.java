package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SecondFactorPolicy;
import org.springframework.stereotype.Service;

/**
 * Active MFA asks for a code; MFA that is on but not set up, or required by the organization once
 * its grace period is over, sends the user through enrolment. Support members always use MFA,
 * whatever any organization's policy says: without it they enrol first.
 */
@Service
class SignInStages implements SecondFactorPolicy {

    private final MfaEnforcementPolicy enforcement;

    SignInStages(MfaEnforcementPolicy enforcement) {
        this.enforcement = enforcement;
    }

    // The MFA state and the role come with the account's read, from the row whose password is checked: read again,
    // they cost every password sign-in a round trip. Only a customer without MFA costs a read, of the organization's
    // enforcement.
    @Override
    public SignInStage stageAfterPassword(SignedInAccount signingIn) {
        if (signingIn.mfaStateAsRead() == null) {
            throw new IllegalArgumentException("Not the account as the password step read it: " + signingIn);
        }
        return switch (MfaState.valueOf(signingIn.mfaStateAsRead())) {
            case ACTIVE -> SignInStage.MFA_CHALLENGE;
            case PENDING -> SignInStage.MFA_ENROLMENT;
            case OFF -> signingIn.hasRole(Roles.SUPPORT) || enforcement.isEnrolmentRequiredNow(signingIn.organizationId())
                    ? SignInStage.MFA_ENROLMENT : SignInStage.COMPLETE;
        };
    }
}
