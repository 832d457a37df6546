package io.storageconsole.security;

/** How far a sign-in has come: the password alone reaches nothing while a second factor is owed. */
public enum SignInStage {
    /** Password accepted; a code from the authenticator app (or a recovery code) is owed. */
    MFA_CHALLENGE,
    /** Password accepted; MFA is required but not set up, so the user must enrol first. */
    MFA_ENROLMENT,
    /** Fully signed in. */
    COMPLETE
}
