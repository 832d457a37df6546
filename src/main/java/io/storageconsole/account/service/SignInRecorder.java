package io.storageconsole.account.service;

import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.SignedInAccount;
import java.time.Clock;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/** Records the last sign-in of an account, and audits it, once a sign-in is complete. */
@Component
class SignInRecorder {

    private final AccountRepository accounts;
    private final SecurityEvents events;
    private final Clock clock;

    SignInRecorder(AccountRepository accounts, SecurityEvents events, Clock clock) {
        this.accounts = accounts;
        this.events = events;
        this.clock = clock;
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void recordSignIn(AuthenticationSuccessEvent success) {
        if (!(success.getAuthentication().getPrincipal() instanceof SignedInAccount signedIn)
                || !signedIn.isComplete()) {
            return;
        }
        accounts.findById(signedIn.accountId()).ifPresent(account -> {
            accounts.recordSignIn(account.getId(), clock.instant());
            AccountRef ref = AccountRegistration.refOf(account);
            events.publish(SecurityEventType.SIGN_IN, ref, account.getOrganizationId(), ref, null);
        });
    }
}
