package io.storageconsole.session.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.BrowserSession;
import io.storageconsole.session.domain.ConsoleSessionRepository;
import io.storageconsole.session.domain.EndReason;
import io.storageconsole.session.domain.OwnedSession;
import java.util.List;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** "Active sessions" in Profile Settings: the signed-in user's own sessions, each of which they may end. */
@Service
public class MySessions {

    private final ConsoleSessionRepository sessions;
    private final SessionLifetimePolicy lifetimes;
    private final SessionEnds ends;

    MySessions(ConsoleSessionRepository sessions, SessionLifetimePolicy lifetimes, SessionEnds ends) {
        this.sessions = sessions;
        this.lifetimes = lifetimes;
        this.ends = ends;
    }

    /** The signed-in user's sessions, this browser's first. */
    @Transactional(readOnly = true)
    public List<ActiveSession> mine() {
        SignedInAccount me = CurrentAccount.require();
        return ends.liveSessionsOf(me.accountId(), lifetimes.sessionLifetimeOf(me.organizationId()));
    }

    /** The lifetime that the signed-in user's sessions obey. */
    @Transactional(readOnly = true)
    public SessionLifetime myLifetime() {
        return lifetimes.sessionLifetimeOf(CurrentAccount.require().organizationId());
    }

    /** "Sign out" on one of the user's own sessions; any other session is refused. */
    @Transactional
    public void endMine(long sessionId) {
        SignedInAccount me = CurrentAccount.require();
        OwnedSession session = sessions.findOwnedById(sessionId)
                .filter(found -> found.accountId() == me.accountId())
                .orElseThrow(() -> new AccessDeniedException("Session " + sessionId + " is not one of yours"));
        endByOwner(session);
    }

    /** "Sign out all other sessions": every session of the user but this browser's. */
    @Transactional
    public int endMyOtherSessions() {
        SignedInAccount me = CurrentAccount.require();
        Long current = BrowserSession.consoleSessionId().orElse(null);
        int ended = 0;
        for (OwnedSession session : sessions.findOpenByAccount(me.accountId())) {
            if (!Objects.equals(current, session.id()) && endByOwner(session)) {
                ended++;
            }
        }
        return ended;
    }

    private boolean endByOwner(OwnedSession session) {
        return ends.end(session, EndReason.ENDED_BY_USER, new AccountRef(session.accountId(), session.email()),
                SecurityEventType.SESSION_ENDED, "");
    }
}
