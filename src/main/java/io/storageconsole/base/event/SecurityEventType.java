package io.storageconsole.base.event;

/** Everything that the audit log records and that may warrant a notice to the account owner. */
public enum SecurityEventType {
    ORGANIZATION_CREATED,
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_IN_BLOCKED,
    SIGN_OUT,
    PASSWORD_CHANGED,
    /** A link to set a new password was sent to the account's address ("Forgot password?"). */
    PASSWORD_RESET_REQUESTED,
    /** A new password was set through such a link: every session of the account ended. */
    PASSWORD_RESET,
    /** A wrong password where a sensitive change asked for it again. */
    PASSWORD_CONFIRMATION_FAILED,
    /** Too many of those: such changes are refused for a while. */
    PASSWORD_CONFIRMATION_LOCKED,
    MFA_ENROLMENT_STARTED,
    /** A set-up begun in Profile Settings was closed unfinished: MFA is back to off. */
    MFA_ENROLMENT_CANCELLED,
    MFA_ACTIVATED,
    MFA_TURNED_OFF,
    MFA_RESET,
    MFA_RECOVERY_CODE_USED,
    MFA_RECOVERY_CODES_REGENERATED,
    MFA_CODE_FAILED,
    MFA_LOCKED,
    MFA_ENFORCEMENT_CHANGED,
    MFA_REQUIRED_BY_ROOT,
    SUB_USER_ADDED,
    SUB_USER_DELETED,
    CONSOLE_ACCESS_TURNED_ON,
    CONSOLE_ACCESS_TURNED_OFF,
    /** A new console user was sent a link to set their own password. */
    INVITATION_SENT,
    /** The root user sent the invitation again: the earlier link stopped working. */
    INVITATION_RESENT,
    /** The invited user set their password through the link. */
    INVITATION_ACCEPTED,
    SUB_USERS_EXPORTED,
    /** The root user exported the organization's audit log as CSV. */
    AUDIT_LOG_EXPORTED,
    SESSION_STARTED,
    SESSION_EXPIRED,
    /** The user ended one of their own sessions (Active sessions in Profile Settings). */
    SESSION_ENDED,
    /** A root user (of the owner's organization) or support ended someone's session. */
    SESSION_ENDED_BY_OTHER,
    /** A session ended because the password or MFA of its account changed. */
    SESSION_REVOKED,
    SESSION_LIFETIME_CHANGED,
    /** A customer asked support for help from the second sign-in step, after the right password. */
    SUPPORT_REQUEST_OPENED,
    /** A second request while one was open: it updated the open one. */
    SUPPORT_REQUEST_UPDATED,
    /** Support closed a request, with its outcome. */
    SUPPORT_REQUEST_CLOSED,
    /** A support member opened the support page of an account. */
    SUPPORT_ACCOUNT_VIEWED,
    /** Support mailed a one-time code to the account's address, to check the customer's identity. */
    SUPPORT_VERIFICATION_CODE_SENT,
    SUPPORT_VERIFICATION_FAILED,
    SUPPORT_IDENTITY_VERIFIED,
    /** Four eyes: a support member asked for a second one's approval of a root account's MFA reset. */
    SUPPORT_MFA_RESET_REQUESTED,
    SUPPORT_MFA_RESET_APPROVED,
    SUPPORT_MFA_RESET_REJECTED,
    SUPPORT_MFA_RESET_WITHDRAWN,
    /** Support lifted the lock on an account's MFA codes. */
    MFA_CODES_UNLOCKED,
    /** Support lifted the sign-in blocks of an account (every blocked address). */
    SIGN_IN_BLOCKS_LIFTED,
    /** Support ended one or all sessions of an account, with a reason and a ticket reference. */
    SUPPORT_SESSIONS_ENDED,
    /** The root user is told about a support action on a sub-user of the organization. */
    SUPPORT_ACTION_REPORTED_TO_ROOT
}
