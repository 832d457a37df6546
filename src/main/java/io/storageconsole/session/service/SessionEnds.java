package io.storageconsole.session.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.event.UserAgents;
import io.storageconsole.security.service.BrowserSession;
import io.storageconsole.session.domain.ConsoleSessionRepository;
import io.storageconsole.session.domain.EndReason;
import io.storageconsole.session.domain.OwnedSession;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Ends sessions and lists live ones, for every way a session ends (sign-out, its owner, a root user,
 * a credential change, expiry): an end is recorded once on all nodes, and only that one is audited.
 */
@Component
class SessionEnds {

    private final ConsoleSessionRepository sessions;
    private final SecurityEvents events;
    private final Clock clock;

    SessionEnds(ConsoleSessionRepository sessions, SecurityEvents events, Clock clock) {
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Ends the session unless it ended already (here or on another node), and then audits it.
     *
     * @param actor  who ended it; null for nobody (expiry)
     * @param detail added to "Session 12, Chrome on Linux", such as ", ended by the root user"
     * @return whether this call ended it
     */
    boolean end(OwnedSession session, EndReason reason, AccountRef actor, SecurityEventType type, String detail) {
        if (sessions.end(session.id(), clock.instant(), reason.name()) != 1) {
            return false;
        }
        events.publish(type, actor, session.organizationId(), new AccountRef(session.accountId(), session.email()),
                describe(session, detail));
        return true;
    }

    /** "Session 12, Chrome on Linux" and the detail, as the audit log shows an ended session. */
    private static String describe(OwnedSession session, String detail) {
        return "Session " + session.id() + ", " + UserAgents.describe(session.userAgent()) + detail;
    }

    /** Ends each of the sessions as {@link #end} does; returns how many this call ended. */
    int endAll(List<OwnedSession> open, EndReason reason, AccountRef actor, SecurityEventType type, String detail) {
        int ended = 0;
        for (OwnedSession session : open) {
            if (end(session, reason, actor, type, detail)) {
                ended++;
            }
        }
        return ended;
    }

    /**
     * Ends sessions {@link ConsoleSessionRepository#lockOpenByAccounts locked} by the caller's
     * transaction with one statement, and audits each with one multi-row insert: the same rows as
     * {@link #endAll}, for a bulk reset of thousands of users.
     */
    int endAllLocked(List<OwnedSession> locked, EndReason reason, AccountRef actor, SecurityEventType type, String detail) {
        if (locked.isEmpty()) {
            return 0;
        }
        int ended = sessions.endAll(locked.stream().map(OwnedSession::id).toList(), clock.instant(), reason.name());
        if (ended != locked.size()) {
            // Locked rows cannot end elsewhere; if they did, nothing here may commit half-audited.
            throw new IllegalStateException("Ended " + ended + " of " + locked.size() + " locked sessions");
        }
        events.publishAll(type, actor, locked.stream()
                .map(session -> new SecurityEvents.Subject(session.organizationId(),
                        new AccountRef(session.accountId(), session.email()), describe(session, detail)))
                .toList());
        return ended;
    }

    /** The account's sessions that are still live under the lifetime, the requesting browser's first. */
    List<ActiveSession> liveSessionsOf(long accountId, SessionLifetime lifetime) {
        Long current = BrowserSession.consoleSessionId().orElse(null);
        return sessions.findOpenByAccount(accountId).stream()
                .filter(session -> !lifetime.hasEnded(session.createdAt(), session.lastActiveAt(), clock.instant()))
                .map(session -> ActiveSession.of(session, current))
                .sorted(Comparator.comparing(ActiveSession::current).reversed())
                .toList();
    }
}
