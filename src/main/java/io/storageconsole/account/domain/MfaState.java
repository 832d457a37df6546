package io.storageconsole.account.domain;

/** OFF for a new account; PENDING once turned on but not yet enrolled; ACTIVE after a verified code. */
public enum MfaState {
    OFF,
    PENDING,
    ACTIVE
}
