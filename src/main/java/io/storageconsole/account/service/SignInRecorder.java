package io.storageconsole.account.service;

import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.RecordedSignInEvent;
import java.time.Clock;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records the last sign-in of an account, and audits it, once a sign-in is complete: in the
 * transaction that completed it, just before it commits (the code step starts its session there,
 * one commit for all), or in a transaction of its own when the completion ran in none. The grid's
 * {@code last_sign_in_at}, whose triggers keep its ranks, follows just after that commit (decision 0051).
 */
@Component
class SignInRecorder {

    private final AccountRepository accounts;
    private final LastSignInFollower lastSignIns;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SignInRecorder(AccountRepository accounts, LastSignInFollower lastSignIns, SecurityEvents events,
                   TransactionTemplate transactions, Clock clock) {
        this.accounts = accounts;
        this.lastSignIns = lastSignIns;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    // Not @Transactional: Spring refuses it on a transactional listener unless REQUIRES_NEW, which would commit apart.
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void recordSignIn(AuthenticationSuccessEvent success) {
        if (!(success.getAuthentication().getPrincipal() instanceof SignedInAccount signedIn)
                || !signedIn.isComplete()) {
            return;
        }
        if (success instanceof RecordedSignInEvent) {
            // The session's start recorded and audited it in its one call (decision 0065); only the grid's row follows.
            lastSignIns.followAfterCommit(signedIn.accountId());
            return;
        }
        transactions.executeWithoutResult(status -> {
            // An upsert always writes. A gone account would fail its foreign key, but the session's start in this
            // transaction holds the account's row and refused a gone one already.
            accounts.recordSignIn(signedIn.accountId(), signedIn.credentialsVersion(), clock.instant());
            lastSignIns.followAfterCommit(signedIn.accountId());
            AccountRef ref = new AccountRef(signedIn.accountId(), signedIn.email());
            events.publish(SecurityEventType.SIGN_IN, ref, signedIn.organizationId(), ref, null);
        });
    }
}
