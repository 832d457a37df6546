package io.storageconsole.support.domain;

import java.time.Instant;

/**
 * Four eyes on the MFA reset of a root account: asked for by one support member, decided by another
 * (or withdrawn by the one who asked).
 *
 * @param verificationId the asking member's identity check of the customer, which must still be
 *                       valid when the reset is approved
 * @param outcome        APPROVED, REJECTED or WITHDRAWN; null while pending
 */
public record ResetApproval(long id, long accountId, long verificationId, String reason, String ticket, long requestedBy,
                            Instant requestedAt, Long decidedBy, Instant decidedAt, String outcome) {

    public boolean isPending() {
        return decidedAt == null;
    }

    public QueueKey queueKey() {
        return new QueueKey(requestedAt, id);
    }
}
