package io.storageconsole.session.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.event.UserAgents;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInNoLongerValidException;
import io.storageconsole.security.service.SignInSessions;
import io.storageconsole.session.domain.ConsoleSessionRepository;
import io.storageconsole.session.domain.EndReason;
import io.storageconsole.session.domain.OwnedSession;
import io.storageconsole.session.domain.SessionStarts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-request path of console sessions: start at a complete sign-in, the check of every request
 * (one query), and sign-out. See docs/decisions/0005-console-sessions.md.
 */
@Service
class SessionRequests implements SignInSessions {

    /** Last activity is written at most this often per session, not on every request. */
    static final Duration ACTIVITY_RESOLUTION = Duration.ofMinutes(1);
    private static final int MAX_IP = 64;

    private final ConsoleSessionRepository sessions;
    private final SessionLifetimePolicy lifetimes;
    private final SessionEnds ends;
    private final SessionStarts starts;
    private final SecurityEvents events;
    private final Clock clock;

    SessionRequests(ConsoleSessionRepository sessions, SessionLifetimePolicy lifetimes, SessionEnds ends,
                    SessionStarts starts, SecurityEvents events, Clock clock) {
        this.sessions = sessions;
        this.lifetimes = lifetimes;
        this.ends = ends;
        this.starts = starts;
        this.events = events;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Started start(SignedInAccount account, RequestOrigin origin, String previousToken) {
        requireComplete(account);
        Instant now = clock.instant();
        String token = SessionTokens.newToken();
        // Checked here, in the transaction that starts the session, not only before the code check: the
        // insert itself checks the credentials version under the account's shared lock (decision 0044).
        long id = starts.startIfStillValid(SessionTokens.hash(token), account.accountId(), account.credentialsVersion(), now,
                ipOf(origin), origin.userAgent()).orElseThrow(SignInNoLongerValidException::new);
        endPrevious(previousToken, now);
        AccountRef owner = new AccountRef(account.accountId(), account.email());
        events.publish(SecurityEventType.SESSION_STARTED, owner, account.organizationId(), owner,
                "Session " + id + ", " + UserAgents.describe(origin.userAgent()));
        return new Started(id, token);
    }

    /** {@link #start}, its audit row and the code step's other writes in one call (decision 0065). */
    @Override
    @Transactional
    public Started startAfterCode(SignedInAccount account, RequestOrigin origin, String previousToken, CodeCounter wrongCodes) {
        requireComplete(account);
        Instant now = clock.instant();
        String token = SessionTokens.newToken();
        long id = starts.startAfterCode(SessionTokens.hash(token), account.accountId(), account.credentialsVersion(), now,
                        ipOf(origin), origin.userAgent(), new SessionStarts.CodeSignIn(wrongCodes.kind(), wrongCodes.subject(),
                                account.email(), account.organizationId(), UserAgents.describe(origin.userAgent())))
                .orElseThrow(SignInNoLongerValidException::new);
        endPrevious(previousToken, now);
        return new Started(id, token);
    }

    private static void requireComplete(SignedInAccount account) {
        if (!account.isComplete()) {
            throw new IllegalArgumentException("A console session starts only after a complete sign-in");
        }
    }

    private static String ipOf(RequestOrigin origin) {
        return origin.ip() == null || origin.ip().length() <= MAX_IP ? origin.ip() : origin.ip().substring(0, MAX_IP);
    }

    /** After the account's lock, as a credential change locks the account first and its sessions after. */
    private void endPrevious(String previousToken, Instant now) {
        if (SessionTokens.isWellFormed(previousToken)) {
            sessions.findByTokenHash(SessionTokens.hash(previousToken)).filter(OwnedSession::isOpen)
                    .ifPresent(previous -> sessions.end(previous.id(), now, EndReason.REPLACED.name()));
        }
    }

    /** An expiry found here is recorded, and audited, once on all nodes. Activity is recorded at most once a minute. */
    @Override
    @Transactional
    public Optional<Resumed> resume(String token, boolean activity) {
        if (!SessionTokens.isWellFormed(token)) {
            return Optional.empty();
        }
        return resume(sessions.findByTokenHash(SessionTokens.hash(token)), activity);
    }

    @Override
    @Transactional
    public Optional<Resumed> resume(long sessionId, boolean activity) {
        return resume(sessions.findOwnedById(sessionId), activity);
    }

    private Optional<Resumed> resume(Optional<OwnedSession> found, boolean activity) {
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
        return Optional.of(new Resumed(session.id(), owner, recorded));
    }

    @Override
    @Transactional
    public void signOut(String token, Long sessionId) {
        Optional<OwnedSession> found = SessionTokens.isWellFormed(token)
                ? sessions.findByTokenHash(SessionTokens.hash(token))
                : sessionId == null ? Optional.empty() : sessions.findOwnedById(sessionId);
        found.filter(OwnedSession::isOpen).ifPresent(session -> ends.end(session, EndReason.SIGNED_OUT,
                new AccountRef(session.accountId(), session.email()), SecurityEventType.SIGN_OUT, ""));
    }

    private void expire(OwnedSession session, SessionLifetime lifetime, Instant now) {
        boolean absolute = lifetime.absoluteLimit()
                .map(limit -> !now.isBefore(session.createdAt().plus(limit))).orElse(false);
        String why = absolute
                ? SessionLifetime.describe(lifetime.requireLoginAfter()) + " after sign-in (Require login after)"
                : "after " + SessionLifetime.describe(lifetime.inactivityTimeout()) + " without activity";
        ends.end(session, EndReason.EXPIRED, null, SecurityEventType.SESSION_EXPIRED, ", expired " + why);
    }
}
