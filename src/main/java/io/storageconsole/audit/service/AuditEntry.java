package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditEvent;
import io.storageconsole.base.event.EventLabels;
import io.storageconsole.base.event.UserAgents;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of an organization's audit log as the root user reads it and exports it; never a secret,
 * because no event carries one.
 *
 * @param device "Chrome on Linux", or empty when the event came from no browser
 */
public record AuditEntry(long id, Instant occurredAt, String type, String event, String actor, String target,
                         String ip, String device, String details) {

    static AuditEntry of(AuditEvent event) {
        return new AuditEntry(event.id(), event.occurredAt(), event.eventType(), EventLabels.of(event.eventType()),
                Objects.requireNonNullElse(event.actorEmail(), ""), Objects.requireNonNullElse(event.targetEmail(), ""),
                Objects.requireNonNullElse(event.ip(), ""),
                event.userAgent() == null ? "" : UserAgents.describe(event.userAgent()),
                Objects.requireNonNullElse(event.details(), ""));
    }
}
