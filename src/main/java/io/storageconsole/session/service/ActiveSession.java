package io.storageconsole.session.service;

import io.storageconsole.base.event.UserAgents;
import io.storageconsole.session.domain.OwnedSession;
import java.time.Instant;

/**
 * A session as Active sessions shows it: never its token.
 *
 * @param current whether it is the session of the browser asking
 */
public record ActiveSession(long id, long accountId, String browser, String system, String ip,
                            Instant signedInAt, Instant lastActiveAt, boolean current) {

    static ActiveSession of(OwnedSession session, Long currentSessionId) {
        return new ActiveSession(session.id(), session.accountId(), UserAgents.browserOf(session.userAgent()),
                UserAgents.systemOf(session.userAgent()), session.ip(), session.createdAt(), session.lastActiveAt(),
                currentSessionId != null && currentSessionId == session.id());
    }

    /** "Chrome on Linux". */
    public String device() {
        return browser + " on " + system;
    }
}
