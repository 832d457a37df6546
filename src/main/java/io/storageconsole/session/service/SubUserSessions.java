package io.storageconsole.session.service;

import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.SubUserDirectory;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.domain.ConsoleSessionRepository;
import io.storageconsole.session.domain.EndReason;
import io.storageconsole.session.domain.LiveSessionCounts;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The root user's view of the sessions of their organization's sub-users: counts per grid page, and ending them. */
@Service
public class SubUserSessions {

    private final ConsoleSessionRepository sessions;
    private final LiveSessionCounts liveCounts;
    private final SessionLifetimePolicy lifetimes;
    private final SubUserDirectory subUsers;
    private final PasswordConfirmation passwordConfirmation;
    private final SessionEnds ends;
    private final Clock clock;

    SubUserSessions(ConsoleSessionRepository sessions, LiveSessionCounts liveCounts, SessionLifetimePolicy lifetimes,
                    SubUserDirectory subUsers, PasswordConfirmation passwordConfirmation, SessionEnds ends, Clock clock) {
        this.sessions = sessions;
        this.liveCounts = liveCounts;
        this.lifetimes = lifetimes;
        this.subUsers = subUsers;
        this.passwordConfirmation = passwordConfirmation;
        this.ends = ends;
        this.clock = clock;
    }

    /**
     * How many live sessions each of these sub-users of the calling root's organization has (a
     * page of the grid at a time); accounts without one are absent. Two reads and no transaction: a
     * count is as of its own moment anyway, and a transaction's begin and end are round trips of their own.
     */
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public Map<Long, Integer> activeSessionCounts(Collection<Long> subUserIds) {
        if (subUserIds.isEmpty()) {
            return Map.of();
        }
        SignedInAccount me = CurrentAccount.require();
        SessionLifetime lifetime = lifetimes.sessionLifetimeOf(me.organizationId());
        Instant now = clock.instant();
        // Another organization's accounts are simply not counted: nothing about them leaks.
        return liveCounts.byAccount(me.organizationId(), subUserIds, now.minus(lifetime.inactivityTimeout()),
                lifetime.absoluteLimit().map(now::minus).orElse(null));
    }

    /**
     * Ends every session of a sub-user of the calling root's organization; returns how many. One of
     * the root's sensitive actions: the password must have been confirmed in this browser lately.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public int endSessionsOfSubUser(long subUserId) {
        passwordConfirmation.requireRecentConfirmation();
        AccountSummary user = subUsers.subUserOfMyOrganization(subUserId);
        SignedInAccount me = CurrentAccount.require();
        return ends.endAll(sessions.findOpenByAccount(user.id()), EndReason.ENDED_BY_ROOT,
                new AccountRef(me.accountId(), me.email()), SecurityEventType.SESSION_ENDED_BY_OTHER,
                ", ended by the root user");
    }
}
