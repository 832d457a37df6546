package io.storageconsole.support.domain;

import java.time.Instant;

/**
 * A customer's request for help. Its description and contact are the customer's own words, shown to
 * support only: they never go into an audit row or a mail.
 *
 * @param ip        where the request was sent from
 * @param closedBy  the support member who closed it; null while it is open
 * @param outcome   a {@link RequestOutcome} name; null while open
 */
public record SupportRequest(long id, long accountId, String description, String contact, Instant openedAt,
                             Instant updatedAt, String ip, String userAgent, Instant closedAt, Long closedBy,
                             String outcome, String outcomeNote) {

    public boolean isOpen() {
        return closedAt == null;
    }

    public QueueKey queueKey() {
        return new QueueKey(openedAt, id);
    }
}
