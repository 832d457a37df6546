package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditEvent;
import io.storageconsole.audit.domain.AuditEventBatch;
import io.storageconsole.audit.domain.AuditEventRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.event.SecurityEventBatch;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes every {@link SecurityEvent} to the audit log in the publisher's transaction: the event is
 * recorded exactly when the change it describes is committed.
 */
@Service
public class AuditLog {

    private static final int MAX_DETAILS = 1000;

    private final AuditEventRepository events;
    private final AuditEventBatch batches;

    AuditLog(AuditEventRepository events, AuditEventBatch batches) {
        this.events = events;
        this.batches = batches;
    }

    @EventListener
    @Transactional
    public void record(SecurityEvent event) {
        events.save(rowOf(event));
    }

    /** Writes a batch of events with one multi-row insert, in the publisher's transaction. */
    @EventListener
    @Transactional
    public void recordAll(SecurityEventBatch batch) {
        batches.insert(batch.events().stream().map(AuditLog::rowOf).toList());
    }

    private static AuditEvent rowOf(SecurityEvent event) {
        AccountRef actor = event.actor();
        AccountRef target = event.target();
        return new AuditEvent(null, event.occurredAt(), event.type().name(),
                actor == null ? null : actor.id(), actor == null ? null : actor.email(),
                event.organizationId(),
                target == null ? null : target.id(), target == null ? null : target.email(),
                truncate(event.details()), event.origin().ip(), event.origin().userAgent());
    }

    private static String truncate(String details) {
        return details == null || details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS);
    }
}
