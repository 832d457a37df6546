package io.storageconsole.support.domain;

/** How a support request ended, as support records it when closing it. */
public enum RequestOutcome {
    MFA_RESET("MFA was reset"),
    UNLOCKED("Codes unlocked or sign-in blocks lifted"),
    SESSIONS_ENDED("Sessions ended"),
    ANSWERED("Answered, nothing changed"),
    IDENTITY_NOT_CONFIRMED("Identity could not be confirmed"),
    WITHDRAWN("Withdrawn by the customer"),
    NOT_GENUINE("Not a genuine request");

    private final String label;

    RequestOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
