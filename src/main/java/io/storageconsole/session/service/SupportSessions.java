package io.storageconsole.session.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.domain.ConsoleSessionRepository;
import io.storageconsole.session.domain.EndReason;
import io.storageconsole.session.domain.OwnedSession;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Support's view of any customer's sessions, and ending one or all of them (decision 0015). */
@Service
public class SupportSessions {

    private static final String ENDED_BY_SUPPORT = ", ended by support";

    private final ConsoleSessionRepository sessions;
    private final SessionLifetimePolicy lifetimes;
    private final SessionEnds ends;

    SupportSessions(ConsoleSessionRepository sessions, SessionLifetimePolicy lifetimes, SessionEnds ends) {
        this.sessions = sessions;
        this.lifetimes = lifetimes;
        this.ends = ends;
    }

    /** The live sessions of any account. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public List<ActiveSession> sessionsOf(long accountId) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        List<OwnedSession> open = sessions.findOpenByAccount(accountId);
        if (open.isEmpty()) {
            return List.of();
        }
        return ends.liveSessionsOf(accountId, lifetimes.sessionLifetimeOf(open.get(0).organizationId()));
    }

    /** Ends every session of any account; returns how many. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public int endSessionsOf(long accountId) {
        return ends.endAll(sessions.findOpenByAccount(accountId), EndReason.ENDED_BY_SUPPORT, supportMember(),
                SecurityEventType.SESSION_ENDED_BY_OTHER, ENDED_BY_SUPPORT);
    }

    /** Ends one session of an account; a session of another account is refused. Returns whether it ended now. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public boolean endSessionOf(long accountId, long sessionId) {
        AccountRef me = supportMember();
        OwnedSession session = sessions.findOwnedById(sessionId)
                .filter(found -> found.accountId() == accountId)
                .orElseThrow(() -> new AccessDeniedException("Session " + sessionId + " is not one of account " + accountId));
        return session.isOpen() && ends.end(session, EndReason.ENDED_BY_SUPPORT, me,
                SecurityEventType.SESSION_ENDED_BY_OTHER, ENDED_BY_SUPPORT);
    }

    private static AccountRef supportMember() {
        SignedInAccount me = CurrentAccount.requireRole(Roles.SUPPORT);
        return new AccountRef(me.accountId(), me.email());
    }
}
