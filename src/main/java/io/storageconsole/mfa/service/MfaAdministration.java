package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.ConcurrentChangeException;
import io.storageconsole.mfa.domain.MfaCredential;
import io.storageconsole.mfa.domain.MfaCredentialRepository;
import io.storageconsole.mfa.domain.MfaStates;
import io.storageconsole.mfa.domain.MfaStates.AccountMfa;
import io.storageconsole.mfa.domain.RecoveryCodeStore;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SessionRevocation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The root user's hand on the MFA of the organization's sub-users (Organization-wide Policies).
 * Each action is one of the root's sensitive actions: the root's password must have been confirmed
 * in this browser within the last few minutes (PasswordConfirmation's sudo mode). A reset or MFA
 * turned off ends every sign-in of that user. Each action checks the user as the root saw them
 * (organization, version, state) before it writes anything. Support's MFA actions on customers
 * are here too (decision 0015): support asks, this feature writes.
 */
@Service
public class MfaAdministration {

    /** Users per transaction of a bulk reset (decisions 0027, 0037). */
    public static final int BATCH = 1000;

    private final MfaCredentialRepository credentials;
    private final RecoveryCodeStore recoveryCodeStore;
    private final MfaStates states;
    private final PasswordConfirmation passwords;
    private final SessionRevocation revocation;
    private final MfaEnforcementPolicy enforcement;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final CodeAttempts codeAttempts;
    private final BulkMfaChange bulkChange;

    MfaAdministration(MfaCredentialRepository credentials, RecoveryCodeStore recoveryCodeStore,
                      MfaStates states, PasswordConfirmation passwords,
                      SessionRevocation revocation, MfaEnforcementPolicy enforcement, SecurityEvents events,
                      TransactionTemplate transactions, CodeAttempts codeAttempts, BulkMfaChange bulkChange) {
        this.credentials = credentials;
        this.recoveryCodeStore = recoveryCodeStore;
        this.states = states;
        this.passwords = passwords;
        this.revocation = revocation;
        this.enforcement = enforcement;
        this.events = events;
        this.transactions = transactions;
        this.codeAttempts = codeAttempts;
        this.bulkChange = bulkChange;
    }

    /**
     * "Reset MFA" for one sub-user, as the root saw them in the grid ({@code seenVersion}): their
     * device and recovery codes are forgotten, their sign-ins end, and they enrol again at the next
     * sign-in.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void reset(long subUserId, int seenVersion) {
        passwords.requireRecentConfirmation();
        SignedInAccount me = CurrentAccount.require();
        AccountMfa user = subUserAsSeen(me, subUserId, seenVersion);
        if (user.state() == MfaState.OFF) {
            throw new ActionRefusedException("MFA is off for " + user.email() + ": there is nothing to reset.");
        }
        change(user, MfaState.PENDING);
        forget(user.accountId());
        publish(SecurityEventType.MFA_RESET, me, user, "Reset by the root user");
        revocation.endAllSignIns(user.accountId(), me, "the root user reset multi-factor authentication");
    }

    /**
     * "Reset MFA" for many sub-users, each as the root saw them ({@code seenVersions}, id to
     * version), in batches of {@value #BATCH}, each batch its own transaction, with one audit event
     * (and one notice) per user. Users with MFA off are left alone; so are users changed or deleted
     * since the root saw them, which the result counts.
     */
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public BulkReset resetAll(Map<Long, Integer> seenVersions) {
        passwords.requireRecentConfirmation();
        SignedInAccount me = CurrentAccount.require();
        List<Long> ids = List.copyOf(seenVersions.keySet());
        BulkReset total = new BulkReset(ids.size(), 0, 0, 0);
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            // Set-based per batch (the rows locked): one statement each to read, forget, mark, audit and mail.
            total = total.plus(transactions.execute(status -> {
                List<AccountMfa> found = states.lockSubUsers(me.organizationId(), batch);
                List<AccountMfa> asSeen = found.stream()
                        .filter(user -> Objects.equals(seenVersions.get(user.accountId()), user.version())).toList();
                List<AccountMfa> withMfa = asSeen.stream().filter(user -> user.state() != MfaState.OFF).toList();
                List<Long> resetIds = withMfa.stream().map(AccountMfa::accountId).toList();
                if (!resetIds.isEmpty()) {
                    // The tally and the email rank count the batch's moves in a few statements, not a trigger
                    // per row (decision 0034); the rows are locked and their versions checked.
                    bulkChange.change(me.organizationId(), withMfa, MfaState.PENDING);
                    credentials.deleteByAccountIds(resetIds);
                    recoveryCodeStore.deleteAllOf(resetIds);
                    // One batch event: audit and notification write it with one multi-row insert each.
                    events.publishAll(SecurityEventType.MFA_RESET, new AccountRef(me.accountId(), me.email()),
                            me.organizationId(), withMfa.stream().map(user -> new AccountRef(user.accountId(), user.email())).toList(),
                            "Reset by the root user (bulk)");
                    revocation.endAllSignIns(resetIds, me, "the root user reset multi-factor authentication");
                }
                return new BulkReset(0, resetIds.size(), found.size() - asSeen.size(), batch.size() - found.size());
            }));
        }
        return total;
    }

    /** MFA on for a sub-user (as seen in the grid): they must enrol at their next sign-in. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void require(long subUserId, int seenVersion) {
        passwords.requireRecentConfirmation();
        SignedInAccount me = CurrentAccount.require();
        AccountMfa user = subUserAsSeen(me, subUserId, seenVersion);
        if (user.state() != MfaState.OFF) {
            throw new ActionRefusedException("MFA is already on for " + user.email() + ".");
        }
        change(user, MfaState.PENDING);
        publish(SecurityEventType.MFA_REQUIRED_BY_ROOT, me, user, "Turned on by the root user");
    }

    /**
     * MFA off for a sub-user (as seen in the grid), which ends their sign-ins; refused while the
     * organization enforces MFA.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void turnOff(long subUserId, int seenVersion) {
        passwords.requireRecentConfirmation();
        SignedInAccount me = CurrentAccount.require();
        if (enforcement.isMfaEnforced(me.organizationId())) {
            throw new ActionRefusedException(MfaService.ENFORCED);
        }
        AccountMfa user = subUserAsSeen(me, subUserId, seenVersion);
        if (user.state() == MfaState.OFF) {
            throw new ActionRefusedException("MFA is already off for " + user.email() + ".");
        }
        change(user, MfaState.OFF);
        forget(user.accountId());
        publish(SecurityEventType.MFA_TURNED_OFF, me, user, "Turned off by the root user");
        revocation.endAllSignIns(user.accountId(), me, "the root user turned multi-factor authentication off");
    }

    /**
     * Provisioning outside any user's request (demo data, operator set-up): the account must enrol at
     * its next sign-in. No view calls it.
     */
    @Transactional
    public void requireEnrolmentAtProvisioning(long accountId) {
        if (CurrentAccount.find().isPresent()) {
            throw new AccessDeniedException("Provisioning runs outside user requests only");
        }
        AccountMfa account = states.find(accountId).orElseThrow(() -> new AccessDeniedException("No account " + accountId));
        if (account.state() == MfaState.OFF) {
            change(account, MfaState.PENDING);
        }
    }

    /**
     * Support's "Reset MFA" of a customer account, once support has checked the customer's identity
     * (the support feature's rule, with four eyes for a root account): the device and recovery codes
     * are forgotten, every sign-in of the account ends at once, and the user enrols again at the next
     * sign-in. Refused for support accounts and for MFA that is off.
     *
     * @param details the reason, ticket reference and approval, for the audit log and the owner's notice
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public void resetBySupport(long accountId, String details) {
        SignedInAccount me = CurrentAccount.requireRole(Roles.SUPPORT);
        AccountMfa user = customer(accountId);
        if (user.state() == MfaState.OFF) {
            throw new ActionRefusedException("MFA is off for " + user.email() + ": there is nothing to reset.");
        }
        change(user, MfaState.PENDING);
        forget(user.accountId());
        publish(SecurityEventType.MFA_RESET, me, user, "Reset by support. " + details);
        revocation.endAllSignIns(user.accountId(), me, "support reset multi-factor authentication");
    }

    /**
     * Support lifts the lock on a customer's MFA codes (and forgets the wrong codes counted so far),
     * audited with {@code details}; returns until when the codes were locked, if they were.
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Optional<Instant> unlockCodesBySupport(long accountId, String details) {
        SignedInAccount me = CurrentAccount.requireRole(Roles.SUPPORT);
        AccountMfa user = customer(accountId);
        Optional<Instant> wasLockedUntil = codeAttempts.lockedUntil(user.accountId());
        codeAttempts.unlock(user.accountId());
        transactions.executeWithoutResult(status -> publish(SecurityEventType.MFA_CODES_UNLOCKED, me, user,
                wasLockedUntil.map(until -> "Codes were locked until " + until + ". ").orElse("Codes were not locked. ")
                        + details));
        return wasLockedUntil;
    }

    /** What support's account page shows of a customer's MFA: never the key or a code. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public SupportMfaStatus statusForSupport(long accountId) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        MfaState state = states.find(accountId).map(AccountMfa::state).orElse(MfaState.OFF);
        Optional<MfaCredential> credential = credentials.findById(accountId);
        return new SupportMfaStatus(state,
                credential.filter(MfaCredential::isActive).map(MfaCredential::getActivatedAt).orElse(null),
                credential.filter(found -> !found.isActive()).map(MfaCredential::getCreatedAt).orElse(null),
                state == MfaState.ACTIVE ? recoveryCodeStore.countUnused(accountId) : 0,
                codeAttempts.lockedUntil(accountId).orElse(null));
    }

    /** A customer's account (a root or sub-user), never a support member's. */
    private AccountMfa customer(long accountId) {
        AccountMfa user = states.find(accountId).orElseThrow(() -> new AccessDeniedException("No account " + accountId));
        if (user.role() == AccountRole.SUPPORT) {
            throw new AccessDeniedException("Support does not act on support accounts");
        }
        return user;
    }

    /** The sub-user, refused unless it is in the root's organization and still as the root saw it. */
    private AccountMfa subUserAsSeen(SignedInAccount root, long accountId, int seenVersion) {
        AccountMfa user = states.find(accountId)
                .orElseThrow(() -> new ConcurrentChangeException(SubUserAdministration.USER_GONE));
        if (!user.subUser() || !Objects.equals(user.organizationId(), root.organizationId())) {
            throw new AccessDeniedException("Account " + accountId + " is not a sub-user of organization " + root.organizationId());
        }
        if (user.version() != seenVersion) {
            throw new ConcurrentChangeException(SubUserAdministration.USER_CHANGED);
        }
        return user;
    }

    /** Writes the state checked above; someone else's change in between refuses it. */
    private void change(AccountMfa checked, MfaState newState) {
        if (states.change(List.of(checked), newState) != 1) {
            throw new ConcurrentChangeException(SubUserAdministration.USER_CHANGED);
        }
    }

    private void forget(long accountId) {
        credentials.deleteByAccountId(accountId);
        recoveryCodeStore.deleteAll(accountId);
    }

    /** Filed under the target's organization: a support member has none, and the root must see what support did. */
    private void publish(SecurityEventType type, SignedInAccount actor, AccountMfa target, String details) {
        events.publish(type, new AccountRef(actor.accountId(), actor.email()), target.organizationId(),
                new AccountRef(target.accountId(), target.email()), details);
    }

    /**
     * What a bulk reset did.
     *
     * @param selected how many users the root selected
     * @param reset    how many had their MFA reset (users with MFA off are not)
     * @param changed  how many had changed since the root saw them, and were left alone
     * @param gone     how many no longer existed
     */
    public record BulkReset(int selected, int reset, int changed, int gone) {

        BulkReset plus(BulkReset batch) {
            return new BulkReset(selected, reset + batch.reset, changed + batch.changed, gone + batch.gone);
        }
    }
}
