package io.storageconsole.security.service;

import io.storageconsole.security.SignInStage;

/**
 * Where a sign-in stands once its password was accepted: complete, or owing a code or an enrolment.
 * The MFA feature decides (it owns the MFA state and asks the organization's enforcement); the
 * sign-in asks through this port without depending on it.
 */
public interface SecondFactorPolicy {

    SignInStage stageAfterPassword(long accountId, Long organizationId);
}
