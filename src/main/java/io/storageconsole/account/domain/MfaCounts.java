package io.storageconsole.account.domain;

import org.springframework.modulith.NamedInterface;

/** How many sub-users of an organization have MFA active, pending enrolment, or off. */
@NamedInterface("model")
public record MfaCounts(long active, long pending, long off) {

    public long total() {
        return active + pending + off;
    }
}
