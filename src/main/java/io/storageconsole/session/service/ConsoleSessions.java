package io.storageconsole.session.service;

import io.storageconsole.base.event.UserAgents;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.SessionLifetime;
import io.storageconsole.base.service.SessionLifetimePolicy;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SessionRevocation;
import io.storageconsole.session.domain.ConsoleSession;
import io.storageconsole.session.domain.ConsoleSessionRepository;
import io.storageconsole.session.domain.EndReason;
import io.storageconsole.session.domain.OwnedSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Console sessions: a signed-in browser, kept in the database so that every node knows it and it
 * survives restarts. Each user sees and ends their own; a root user ends a sub-user's; support
 * ends anyone's.
 */
// Created at start-up although beans are lazy (application.properties): its @Scheduled task must run.
@Lazy(false)
@Service
public class ConsoleSessions implements SessionRevocation {

    /** Set on the request by the cookie filter: the id of the requesting browser's session. */
    public static final String CURRENT_SESSION_ATTRIBUTE = ConsoleSessions.class.getName() + ".currentSessionId";

    /** Last activity is written at most this often per session, not on every request. */
    static final Duration ACTIVITY_RESOLUTION = Duration.ofMinutes(1);
    /** Ended sessions are kept this long for anyone investigating, then purged. */
    static final Duration KEEP_ENDED = Duration.ofDays(7);

    private static final int MAX_IP = 64;

    private final ConsoleSessionRepository sessions;
    private final SessionLifetimePolicy lifetimes;
    private final AccountService accounts;
    private final PasswordConfirmation passwordConfirmation;
    private final SecurityEvents events;
    private final Clock clock;

    ConsoleSessions(ConsoleSessionRepository sessions, SessionLifetimePolicy lifetimes, AccountService accounts,
                    PasswordConfirmation passwordConfirmation, SecurityEvents events, Clock clock) {
        this.sessions = sessions;
        this.lifetimes = lifetimes;
        this.accounts = accounts;
        this.passwordConfirmation = passwordConfirmation;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Starts the session of a complete sign-in and returns the token for the browser's cookie. The
     * browser's previous session, if its token is given, ends: a browser has one session.
     */
    @Transactional
    StartedSession start(SignedInAccount account, RequestOrigin origin, String previousToken) {
        if (!account.isComplete()) {
            throw new IllegalArgumentException("A console session starts only after a complete sign-in");
        }
        Instant now = clock.instant();
        if (SessionTokens.isWellFormed(previousToken)) {
            sessions.findByTokenHash(SessionTokens.hash(previousToken)).filter(OwnedSession::isOpen)
                    .ifPresent(previous -> sessions.end(previous.id(), now, EndReason.REPLACED.name()));
        }
        String token = SessionTokens.newToken();
        String ip = origin.ip() == null || origin.ip().length() <= MAX_IP ? origin.ip() : origin.ip().substring(0, MAX_IP);
        ConsoleSession started = sessions.save(new ConsoleSession(SessionTokens.hash(token), account.accountId(), now,
                ip, origin.userAgent()));
        AccountRef owner = new AccountRef(account.accountId(), account.email());
        events.publish(SecurityEventType.SESSION_STARTED, owner, account.organizationId(), owner,
                "Session " + started.getId() + ", " + UserAgents.describe(origin.userAgent()));
        return new StartedSession(started.getId(), token);
    }

    /**
     * The session behind a token while it is valid: not ended, not expired under its organization's
     * lifetime, its account still allowed to sign in. An expiry found here is recorded, and audited,
     * once on all nodes. Activity is recorded at most once a minute, and only if the request is some.
     */
    @Transactional
    Optional<ResumedSession> resume(String token, boolean activity) {
        if (!SessionTokens.isWellFormed(token)) {
            return Optional.empty();
        }
        return resume(sessions.findByTokenHash(SessionTokens.hash(token)), activity);
    }

    /** The same check by id, for a servlet session that knows its console session but whose request lacks the cookie. */
    @Transactional
    Optional<ResumedSession> resume(long sessionId, boolean activity) {
        return resume(sessions.findOwnedById(sessionId), activity);
    }

    private Optional<ResumedSession> resume(Optional<OwnedSession> found, boolean activity) {
        if (found.isEmpty() || !found.get().isOpen()) {
            return Optional.empty();
        }
        OwnedSession session = found.get();
        Instant now = clock.instant();
        if (!session.canSignIn()) {
            sessions.end(session.id(), now, EndReason.ACCOUNT_DISABLED.name());
            return Optional.empty();
        }
        SessionLifetime lifetime = lifetimes.sessionLifetimeOf(session.organizationId());
        if (lifetime.hasEnded(session.createdAt(), session.lastActiveAt(), now)) {
            expire(session, lifetime, now);
            return Optional.empty();
        }
        Instant before = now.minus(ACTIVITY_RESOLUTION);
        boolean recorded = activity && session.lastActiveAt().isBefore(before)
                && sessions.recordActivity(session.id(), now, before) == 1;
        SignedInAccount owner = SignedInAccount.complete(session.accountId(), session.organizationId(),
                session.email(), session.role());
        return Optional.of(new ResumedSession(session.id(), owner, recorded));
    }

    /** "Sign out": ends the session behind the token, or else the one with this id (null for none). */
    @Transactional
    void signOut(String token, Long sessionId) {
        Optional<OwnedSession> found = SessionTokens.isWellFormed(token)
                ? sessions.findByTokenHash(SessionTokens.hash(token))
                : sessionId == null ? Optional.empty() : sessions.findOwnedById(sessionId);
        found.filter(OwnedSession::isOpen).ifPresent(session -> {
            if (sessions.end(session.id(), clock.instant(), EndReason.SIGNED_OUT.name()) == 1) {
                AccountRef owner = new AccountRef(session.accountId(), session.email());
                events.publish(SecurityEventType.SIGN_OUT, owner, session.organizationId(), owner,
                        "Session " + session.id() + ", " + UserAgents.describe(session.userAgent()));
            }
        });
    }

    /** The signed-in user's sessions, this browser's first. */
    @Transactional(readOnly = true)
    public List<ActiveSession> mine() {
        SignedInAccount me = CurrentAccount.require();
        return activeSessionsOf(me.accountId(), lifetimes.sessionLifetimeOf(me.organizationId()));
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
        Long current = currentSessionId();
        int ended = 0;
        for (OwnedSession session : sessions.findOpenByAccount(me.accountId())) {
            if (!Objects.equals(current, session.id()) && endByOwner(session)) {
                ended++;
            }
        }
        return ended;
    }

    /** The sessions of a sub-user of the calling root's organization; any other account is refused. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public List<ActiveSession> sessionsOfSubUser(long subUserId) {
        AccountSummary user = accounts.subUserOfMyOrganization(subUserId);
        return activeSessionsOf(user.id(), lifetimes.sessionLifetimeOf(user.organizationId()));
    }

    /**
     * How many live sessions each of these sub-users of the calling root's organization has (a
     * page of the grid at a time: one query); accounts without one are absent.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public java.util.Map<Long, Integer> activeSessionCounts(java.util.Collection<Long> subUserIds) {
        if (subUserIds.isEmpty()) {
            return java.util.Map.of();
        }
        SignedInAccount me = CurrentAccount.require();
        SessionLifetime lifetime = lifetimes.sessionLifetimeOf(me.organizationId());
        Instant now = clock.instant();
        java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
        for (OwnedSession session : sessions.findOpenByAccounts(subUserIds)) {
            // Another organization's accounts are simply not counted: nothing about them leaks.
            if (java.util.Objects.equals(session.organizationId(), me.organizationId())
                    && !lifetime.hasEnded(session.createdAt(), session.lastActiveAt(), now)) {
                counts.merge(session.accountId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Ends every session of a sub-user of the calling root's organization; returns how many. One of
     * the root's sensitive actions: the password must have been confirmed in this browser lately.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public int endSessionsOfSubUser(long subUserId) {
        passwordConfirmation.requireRecentConfirmation();
        AccountSummary user = accounts.subUserOfMyOrganization(subUserId);
        return endAllBy(CurrentAccount.require(), user.id(), EndReason.ENDED_BY_ROOT);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int endOtherSignIns(SignedInAccount owner, String why) {
        accounts.recordCredentialsChanges(List.of(owner.accountId()));
        return revoke(owner, sessions.findOpenByAccount(owner.accountId()), currentSessionId(), why);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int endAllSignIns(long accountId, SignedInAccount actor, String why) {
        accounts.recordCredentialsChanges(List.of(accountId));
        return revoke(actor, sessions.findOpenByAccount(accountId), null, why);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int endAllSignIns(java.util.Collection<Long> accountIds, SignedInAccount actor, String why) {
        if (accountIds.isEmpty()) {
            return 0;
        }
        accounts.recordCredentialsChanges(accountIds);
        return revoke(actor, sessions.findOpenByAccounts(accountIds), null, why);
    }

    private int revoke(SignedInAccount actor, List<OwnedSession> open, Long keep, String why) {
        int ended = 0;
        Instant now = clock.instant();
        for (OwnedSession session : open) {
            if (!Objects.equals(keep, session.id())
                    && sessions.end(session.id(), now, EndReason.CREDENTIALS_CHANGED.name()) == 1) {
                ended++;
                events.publish(SecurityEventType.SESSION_REVOKED, new AccountRef(actor.accountId(), actor.email()),
                        session.organizationId(), new AccountRef(session.accountId(), session.email()),
                        "Session " + session.id() + ", " + UserAgents.describe(session.userAgent()) + ", ended: " + why);
            }
        }
        return ended;
    }

    /** Support: the sessions of any account. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public List<ActiveSession> sessionsOf(long accountId) {
        requireSupport();
        List<OwnedSession> open = sessions.findOpenByAccount(accountId);
        if (open.isEmpty()) {
            return List.of();
        }
        return activeSessionsOf(accountId, lifetimes.sessionLifetimeOf(open.get(0).organizationId()));
    }

    /** Support: ends every session of any account; returns how many. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public int endSessionsOf(long accountId) {
        return endAllBy(requireSupport(), accountId, EndReason.ENDED_BY_SUPPORT);
    }

    /** Support: ends one session of an account; a session of another account is refused. Returns whether it ended now. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public boolean endSessionOf(long accountId, long sessionId) {
        SignedInAccount me = requireSupport();
        OwnedSession session = sessions.findOwnedById(sessionId)
                .filter(found -> found.accountId() == accountId)
                .orElseThrow(() -> new AccessDeniedException("Session " + sessionId + " is not one of account " + accountId));
        return session.isOpen() && endBy(me, session, EndReason.ENDED_BY_SUPPORT, clock.instant());
    }

    /** Forgets sessions that ended a week ago or were inactive longer than any organization allows. */
    @Scheduled(fixedDelayString = "${console.sessions.purge-interval}", initialDelayString = "${console.sessions.purge-interval}")
    @Transactional
    public void purge() {
        Instant now = clock.instant();
        sessions.purge(now.minus(KEEP_ENDED), now.minus(SessionLifetime.MAX_INACTIVITY).minus(Duration.ofDays(1)));
    }

    private List<ActiveSession> activeSessionsOf(long accountId, SessionLifetime lifetime) {
        Instant now = clock.instant();
        Long current = currentSessionId();
        return sessions.findOpenByAccount(accountId).stream()
                .filter(session -> !lifetime.hasEnded(session.createdAt(), session.lastActiveAt(), now))
                .map(session -> ActiveSession.of(session, current))
                .sorted(Comparator.comparing(ActiveSession::current).reversed())
                .toList();
    }

    private boolean endByOwner(OwnedSession session) {
        if (sessions.end(session.id(), clock.instant(), EndReason.ENDED_BY_USER.name()) != 1) {
            return false;
        }
        AccountRef owner = new AccountRef(session.accountId(), session.email());
        events.publish(SecurityEventType.SESSION_ENDED, owner, session.organizationId(), owner,
                "Session " + session.id() + ", " + UserAgents.describe(session.userAgent()));
        return true;
    }

    private int endAllBy(SignedInAccount actor, long accountId, EndReason reason) {
        int ended = 0;
        Instant now = clock.instant();
        for (OwnedSession session : sessions.findOpenByAccount(accountId)) {
            if (endBy(actor, session, reason, now)) {
                ended++;
            }
        }
        return ended;
    }

    private boolean endBy(SignedInAccount actor, OwnedSession session, EndReason reason, Instant now) {
        if (sessions.end(session.id(), now, reason.name()) != 1) {
            return false;
        }
        events.publish(SecurityEventType.SESSION_ENDED_BY_OTHER, new AccountRef(actor.accountId(), actor.email()),
                session.organizationId(), new AccountRef(session.accountId(), session.email()),
                "Session " + session.id() + ", " + UserAgents.describe(session.userAgent()) + ", ended by "
                        + (reason == EndReason.ENDED_BY_SUPPORT ? "support" : "the root user"));
        return true;
    }

    private void expire(OwnedSession session, SessionLifetime lifetime, Instant now) {
        if (sessions.end(session.id(), now, EndReason.EXPIRED.name()) != 1) {
            return;
        }
        boolean absolute = lifetime.absoluteLimit()
                .map(limit -> !now.isBefore(session.createdAt().plus(limit))).orElse(false);
        String why = absolute
                ? SessionLifetime.describe(lifetime.requireLoginAfter()) + " after sign-in (Require login after)"
                : "after " + SessionLifetime.describe(lifetime.inactivityTimeout()) + " without activity";
        events.publish(SecurityEventType.SESSION_EXPIRED, null, session.organizationId(),
                new AccountRef(session.accountId(), session.email()), "Session " + session.id() + " expired " + why);
    }

    private static SignedInAccount requireSupport() {
        SignedInAccount me = CurrentAccount.require();
        if (!me.hasRole(Roles.SUPPORT)) {
            throw new AccessDeniedException("Only support ends the sessions of any account");
        }
        return me;
    }

    private static Long currentSessionId() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request == null ? null
                : (Long) request.getAttribute(CURRENT_SESSION_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    }

    record StartedSession(long id, String token) {
    }

    record ResumedSession(long id, SignedInAccount account, boolean activityRecorded) {
    }
}
