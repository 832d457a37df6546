package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditEvent;
import io.storageconsole.audit.domain.AuditEventRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.service.SecurityHistory;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.util.List;
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

    private final AuditEventRepository events;

    AuditLog(AuditEventRepository events) {
        this.events = events;
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
