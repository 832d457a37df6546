package io.storageconsole.security.service;

import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;

/**
 * Where a sign-in stands once its password was accepted: complete, or owing a code or an enrolment.
 * The MFA feature decides (it owns the MFA state and asks the organization's enforcement); the
 * sign-in asks through this port without depending on it.
 */
public interface SecondFactorPolicy {

    /**
     * @param signingIn the account as the password step read it ({@link SignedInAccount#atPasswordStep}), its
     *                  MFA state with it: the stage is decided from that read, not from the account read again
     */
    SignInStage stageAfterPassword(SignedInAccount signingIn);
}
