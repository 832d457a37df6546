package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditEvent;
import io.storageconsole.audit.domain.AuditEventRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.database.MultiRowInsert;
import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.event.SecurityEventBatch;
import io.storageconsole.base.service.SecurityHistory;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes every {@link SecurityEvent} to the audit log in the publisher's transaction: the event is
 * recorded exactly when the change it describes is committed.
 */
@Service
public class AuditLog implements SecurityHistory {

    private static final int MAX_DETAILS = 1000;
    private static final List<String> COLUMNS = List.of("occurred_at", "event_type", "actor_account_id", "actor_email",
            "organization_id", "target_account_id", "target_email", "details", "ip", "user_agent");

    private final AuditEventRepository events;
    private final JdbcTemplate jdbc;

    AuditLog(AuditEventRepository events, DataSource dataSource) {
        this.events = events;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @EventListener
    @Transactional
    public void record(SecurityEvent event) {
        AccountRef actor = event.actor();
        AccountRef target = event.target();
        events.save(new AuditEvent(null, event.occurredAt(), event.type().name(),
                actor == null ? null : actor.id(), actor == null ? null : actor.email(),
                event.organizationId(),
                target == null ? null : target.id(), target == null ? null : target.email(),
                truncate(event.details()), event.origin().ip(), event.origin().userAgent()));
    }

    /** Writes a batch of events with one multi-row insert, in the publisher's transaction. */
    @EventListener
    @Transactional
    public void recordAll(SecurityEventBatch batch) {
        MultiRowInsert.insert(jdbc, "audit_event", COLUMNS, batch.events().stream().map(event -> new Object[] {
                Timestamp.from(event.occurredAt()), event.type().name(),
                event.actor() == null ? null : event.actor().id(), event.actor() == null ? null : event.actor().email(),
                event.organizationId(),
                event.target() == null ? null : event.target().id(), event.target() == null ? null : event.target().email(),
                truncate(event.details()), event.origin().ip(), event.origin().userAgent()}).toList());
    }

    /**
     * The latest events about an account, as far as the caller may see them: their own, their
     * organization's (root), or anyone's (support).
     */
    @Transactional(readOnly = true)
    public List<AuditEvent> latestAbout(long accountId, int limit) {
        SignedInAccount me = CurrentAccount.require();
        if (me.accountId() == accountId || me.hasRole(Roles.SUPPORT)) {
            return events.findLatestAbout(accountId, limit);
        }
        if (me.hasRole(Roles.ROOT)) {
            return events.findLatestAboutInOrganization(accountId, me.organizationId(), limit);
        }
        throw new AccessDeniedException("Not allowed to read the audit log of account " + accountId);
    }

    /** The same, for features that may not depend on the audit log (support's account page). */
    @Override
    @Transactional(readOnly = true)
    public List<SecurityHistory.Entry> recentEventsAbout(long accountId, int limit) {
        return latestAbout(accountId, limit).stream()
                .map(event -> new SecurityHistory.Entry(event.occurredAt(), event.eventType(), event.actorEmail(),
                        event.details(), event.ip(), event.userAgent()))
                .toList();
    }

    private static String truncate(String details) {
        return details == null || details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS);
    }
}
