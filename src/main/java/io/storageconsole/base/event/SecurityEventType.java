package io.storageconsole.base.event;

/** Everything that the audit log records and that may warrant a notice to the account owner. */
public enum SecurityEventType {
    ORGANIZATION_CREATED,
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_IN_BLOCKED,
    SIGN_OUT,
    PASSWORD_CHANGED,
    SUB_USER_ADDED,
    SUB_USER_DELETED,
    CONSOLE_ACCESS_TURNED_ON,
    CONSOLE_ACCESS_TURNED_OFF,
    SUB_USERS_EXPORTED
}
