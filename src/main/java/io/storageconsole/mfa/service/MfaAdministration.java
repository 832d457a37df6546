package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.MfaEnforcementPolicy;
import io.storageconsole.mfa.domain.MfaCredentialRepository;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.util.Collection;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The root user's hand on the MFA of the organization's sub-users (Organization-wide Policies). */
@Service
public class MfaAdministration {

    static final int BATCH = 500;

    private final MfaCredentialRepository credentials;
    private final RecoveryCodeStore recoveryCodeStore;
    private final AccountService accounts;
    private final SubUserAdministration subUsers;
    private final MfaEnforcementPolicy enforcement;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;

    MfaAdministration(MfaCredentialRepository credentials, RecoveryCodeStore recoveryCodeStore,
                      AccountService accounts, SubUserAdministration subUsers, MfaEnforcementPolicy enforcement,
                      SecurityEvents events, TransactionTemplate transactions) {
        this.credentials = credentials;
        this.recoveryCodeStore = recoveryCodeStore;
        this.accounts = accounts;
        this.subUsers = subUsers;
        this.enforcement = enforcement;
        this.events = events;
        this.transactions = transactions;
    }

    /**
     * "Reset MFA" for one sub-user, as the root saw them in the grid ({@code seenVersion}): their
     * device and recovery codes are forgotten and they enrol again at the next sign-in.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void reset(long subUserId, int seenVersion) {
        AccountSummary user = subUsers.changeMfaStateAsSeen(subUserId, seenVersion, MfaState.PENDING);
        if (user.mfaState() == MfaState.OFF) {
            throw new ActionRefusedException("MFA is off for " + user.email() + ": there is nothing to reset.");
        }
        forget(user.id());
        publish(SecurityEventType.MFA_RESET, CurrentAccount.require(), user, "Reset by the root user");
    }

    /**
     * "Reset MFA" for many sub-users, in batches of {@value #BATCH}, each batch its own
     * transaction, with one audit event (and one notice) per user. Users with MFA off are skipped.
     *
     * @return how many users had their MFA reset
     */
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public int resetAll(Collection<Long> subUserIds) {
        SignedInAccount me = CurrentAccount.require();
        List<Long> ids = List.copyOf(subUserIds);
        int reset = 0;
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            // Set-based per batch: one statement each to read, forget, mark, audit and mail.
            reset += transactions.execute(status -> {
                List<AccountSummary> withMfa = accounts.subUsersOfMyOrganization(batch).stream()
                        .filter(user -> user.mfaState() != MfaState.OFF)
                        .toList();
                List<Long> resetIds = withMfa.stream().map(AccountSummary::id).toList();
                if (!resetIds.isEmpty()) {
                    credentials.deleteByAccountIds(resetIds);
                    recoveryCodeStore.deleteAllOf(resetIds);
                    accounts.recordMfaStates(resetIds, MfaState.PENDING);
                    // One batch event: audit and notification write it with one multi-row insert each.
                    events.publishAll(SecurityEventType.MFA_RESET, new AccountRef(me.accountId(), me.email()),
                            me.organizationId(), withMfa.stream().map(user -> new AccountRef(user.id(), user.email())).toList(),
                            "Reset by the root user (bulk)");
                }
                return resetIds.size();
            });
        }
        return reset;
    }

    /** MFA on for a sub-user (as seen in the grid): they must enrol at their next sign-in. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void require(long subUserId, int seenVersion) {
        AccountSummary user = subUsers.changeMfaStateAsSeen(subUserId, seenVersion, MfaState.PENDING);
        if (user.mfaState() != MfaState.OFF) {
            throw new ActionRefusedException("MFA is already on for " + user.email() + ".");
        }
        publish(SecurityEventType.MFA_REQUIRED_BY_ROOT, CurrentAccount.require(), user, "Turned on by the root user");
    }

    /** MFA off for a sub-user (as seen in the grid); refused while the organization enforces MFA. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void turnOff(long subUserId, int seenVersion) {
        SignedInAccount me = CurrentAccount.require();
        if (enforcement.isMfaEnforced(me.organizationId())) {
            throw new ActionRefusedException(MfaService.ENFORCED);
        }
        AccountSummary user = subUsers.changeMfaStateAsSeen(subUserId, seenVersion, MfaState.OFF);
        if (user.mfaState() == MfaState.OFF) {
            throw new ActionRefusedException("MFA is already off for " + user.email() + ".");
        }
        forget(user.id());
        publish(SecurityEventType.MFA_TURNED_OFF, me, user, "Turned off by the root user");
    }

    private void forget(long accountId) {
        credentials.deleteByAccountId(accountId);
        recoveryCodeStore.deleteAll(accountId);
    }

    private void publish(SecurityEventType type, SignedInAccount actor, AccountSummary target, String details) {
        events.publish(type, new AccountRef(actor.accountId(), actor.email()), actor.organizationId(),
                new AccountRef(target.id(), target.email()), details);
    }
}
