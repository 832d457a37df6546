package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditEvent;
import io.storageconsole.audit.domain.AuditEventBatch;
import io.storageconsole.audit.domain.AuditEventRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.event.SecurityEventBatch;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.support.service.SecurityHistory;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes every {@link SecurityEvent} to the audit log in the publisher's transaction: the event is
 * recorded exactly when the change it describes is committed. Support's account page reads the
 * latest events about an account through its {@link SecurityHistory} port.
 */
@Service
public class AuditLog implements SecurityHistory {

    private static final int MAX_DETAILS = 1000;

    private final AuditEventRepository events;
    private final AuditEventBatch batches;

    AuditLog(AuditEventRepository events, AuditEventBatch batches) {
        this.events = events;
        this.batches = batches;
    }

    // One plain INSERT: Spring Data's save of an entity costs the sign-in's code step more Java than the row (decision 0044).
    @EventListener
    @Transactional
    public void record(SecurityEvent event) {
        batches.insert(List.of(rowOf(event)));
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

    @Override
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public List<SecurityHistory.Entry> recentEventsAbout(long accountId, int limit) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        return events.findLatestAbout(accountId, limit).stream()
                .map(event -> new SecurityHistory.Entry(event.occurredAt(), event.eventType(), event.actorEmail(),
                        event.details(), event.ip(), event.userAgent()))
                .toList();
    }

    private static String truncate(String details) {
        return details == null || details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS);
    }
}
