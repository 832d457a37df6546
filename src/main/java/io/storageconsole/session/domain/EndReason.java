package io.storageconsole.session.domain;

/** Why a console session ended. */
public enum EndReason {
    /** "Sign out" in the user menu. */
    SIGNED_OUT,
    /** The user ended it from Active sessions. */
    ENDED_BY_USER,
    ENDED_BY_ROOT,
    ENDED_BY_SUPPORT,
    /** Inactive too long, or older than the organization's "Require login after". */
    EXPIRED,
    /** The browser signed in again, perhaps as someone else; a browser has one console session. */
    REPLACED,
    /** The account lost its console login. */
    ACCOUNT_DISABLED,
    /** The password or MFA of the account changed (by its owner elsewhere, a root user or support). */
    CREDENTIALS_CHANGED,
    /** The session used up the wrong passwords allowed where the password is asked again. */
    TOO_MANY_WRONG_PASSWORDS
}
