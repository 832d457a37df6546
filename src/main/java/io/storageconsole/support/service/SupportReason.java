package io.storageconsole.support.service;

/** Why support acts on an account: the short list every action dialog offers, with "Other". */
public enum SupportReason {
    LOST_DEVICE("Lost or replaced authenticator device"),
    APP_RESET("Authenticator app deleted or reset"),
    NO_RECOVERY_CODES("Recovery codes lost or used up"),
    LOCKED_OUT("Locked out by wrong codes or failed sign-ins"),
    SUSPECTED_COMPROMISE("Suspected account compromise"),
    OTHER("Other");

    private final String label;

    SupportReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
