package io.storageconsole.account.domain;

/** How many sub-users of an organization have MFA active, pending enrolment, or off. */
public record MfaCounts(long active, long pending, long off) {

    public long total() {
        return active + pending + off;
    }
}
