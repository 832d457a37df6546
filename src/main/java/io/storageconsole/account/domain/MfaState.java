package io.storageconsole.account.domain;

import org.springframework.modulith.NamedInterface;

/**
 * OFF for a new account; PENDING once turned on but not yet enrolled; ACTIVE after a verified code.
 * The MFA feature is the one that changes it (MfaStates).
 */
@NamedInterface("model")
public enum MfaState {
    OFF("Off"),
    PENDING("Pending enrolment"),
    ACTIVE("Active");

    private final String label;

    MfaState(String label) {
        this.label = label;
    }

    /** How every page, mail and export names the state. */
    public String label() {
        return label;
    }
}
