package io.storageconsole.audit.domain;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One row of the append-only audit log; the database refuses updates and deletes. */
@Table("audit_event")
public record AuditEvent(@Id Long id, Instant occurredAt, String eventType, Long actorAccountId,
                         String actorEmail, Long organizationId, Long targetAccountId,
                         String targetEmail, String details, String ip, String userAgent) {
}
