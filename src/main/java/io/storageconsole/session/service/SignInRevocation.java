package io.storageconsole.session.service;

import io.storageconsole.account.service.CredentialChanges;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.BrowserSession;
import io.storageconsole.security.service.SessionRevocation;
import io.storageconsole.session.domain.ConsoleSessionRepository;
import io.storageconsole.session.domain.EndReason;
import io.storageconsole.session.domain.OwnedSession;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Ends the sign-ins of accounts whose password or MFA changed (docs/decisions/0007). */
@Service
class SignInRevocation implements SessionRevocation {

    private final ConsoleSessionRepository sessions;
    private final CredentialChanges credentialChanges;
    private final SessionEnds ends;

    SignInRevocation(ConsoleSessionRepository sessions, CredentialChanges credentialChanges, SessionEnds ends) {
        this.sessions = sessions;
        this.credentialChanges = credentialChanges;
        this.ends = ends;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int endOtherSignIns(SignedInAccount owner, String why) {
        credentialChanges.record(List.of(owner.accountId()));
        Long current = BrowserSession.consoleSessionId().orElse(null);
        List<OwnedSession> others = sessions.findOpenByAccount(owner.accountId()).stream()
                .filter(session -> !Objects.equals(current, session.id())).toList();
        return revoke(owner, others, why);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int endAllSignIns(long accountId, SignedInAccount actor, String why) {
        credentialChanges.record(List.of(accountId));
        return revoke(actor, sessions.findOpenByAccount(accountId), why);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean endThisSignIn(SignedInAccount owner, String why) {
        return BrowserSession.consoleSessionId().flatMap(sessions::findOwnedById)
                .filter(session -> session.isOpen() && session.accountId() == owner.accountId())
                .map(session -> ends.end(session, EndReason.TOO_MANY_WRONG_PASSWORDS,
                        new AccountRef(owner.accountId(), owner.email()), SecurityEventType.SESSION_REVOKED, ", ended: " + why))
                .orElse(false);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int endAllSignIns(Collection<Long> accountIds, SignedInAccount actor, String why) {
        if (accountIds.isEmpty()) {
            return 0;
        }
        credentialChanges.record(accountIds);
        // Set-based: one locking read, one UPDATE and one multi-row audit insert for all their sessions.
        return ends.endAllLocked(sessions.lockOpenByAccounts(accountIds), EndReason.CREDENTIALS_CHANGED,
                new AccountRef(actor.accountId(), actor.email()), SecurityEventType.SESSION_REVOKED, ", ended: " + why);
    }

    private int revoke(SignedInAccount actor, List<OwnedSession> open, String why) {
        return ends.endAll(open, EndReason.CREDENTIALS_CHANGED, new AccountRef(actor.accountId(), actor.email()),
                SecurityEventType.SESSION_REVOKED, ", ended: " + why);
    }
}
