package io.storageconsole.support.service;

import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.service.AccountLookup;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.mfa.service.MfaAdministration;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInThrottle;
import io.storageconsole.session.service.SupportSessions;
import io.storageconsole.support.domain.ResetApproval;
import io.storageconsole.support.domain.ResetApprovalStore;
import io.storageconsole.support.domain.VerificationCode;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What support does for a customer, each with a reason and a ticket reference, audited, and mailed
 * to the account owner (and to the organization's root for a sub-user). Resetting MFA, unlocking
 * codes and lifting sign-in blocks need the customer's identity verified by the acting member within
 * the last 30 minutes; ending sessions does not, since it never lets anyone in. A root account's
 * MFA reset needs a second support member's approval.
 */
@Service
public class SupportActions {

    public static final String APPROVAL_ALREADY_DECIDED = "This reset was already approved, rejected or withdrawn.";
    public static final String OWN_APPROVAL = "You asked for this reset: another support member must approve it.";
    public static final String APPROVAL_VERIFICATION_EXPIRED = "The identity check behind this request is older than "
            + "30 minutes. The member who asked must verify the customer again and ask anew.";
    public static final String APPROVAL_ALREADY_ASKED = "A reset of this account already waits for approval.";

    private final SupportMembers members;
    private final IdentityVerification identity;
    private final ResetApprovalStore approvals;
    private final MfaAdministration mfa;
    private final SignInThrottle signIns;
    private final SupportSessions sessions;
    private final AccountLookup accounts;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SupportActions(SupportMembers members, IdentityVerification identity, ResetApprovalStore approvals,
                   MfaAdministration mfa, SignInThrottle signIns, SupportSessions sessions,
                   AccountLookup accounts, SecurityEvents events, TransactionTemplate transactions, Clock clock) {
        this.members = members;
        this.identity = identity;
        this.approvals = approvals;
        this.mfa = mfa;
        this.signIns = signIns;
        this.sessions = sessions;
        this.accounts = accounts;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * "Reset MFA": for a sub-user at once (MFA and recovery codes removed, every session ended, the
     * user enrols at the next sign-in); for a root user, a request for a second member's approval.
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public ResetResult resetMfa(long accountId, ActionReason reason) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        ActionReason checked = ActionReason.checked(reason);
        VerificationCode verification = identity.requireVerifiedBy(me, customer.id());
        if (customer.role() == AccountRole.ROOT) {
            askForApproval(me, customer, verification, checked);
            return ResetResult.APPROVAL_REQUESTED;
        }
        transactions.executeWithoutResult(status -> {
            mfa.resetBySupport(customer.id(), checked.describe());
            reportToRoot(me, customer, "reset multi-factor authentication", checked);
        });
        return ResetResult.RESET;
    }

    /** Four eyes: a second support member approves a root account's MFA reset, which happens now. */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public void approveReset(long approvalId) {
        SignedInAccount me = members.require();
        ResetApproval approval = pending(approvalId);
        if (approval.requestedBy() == me.accountId()) {
            throw new ActionRefusedException(OWN_APPROVAL);
        }
        AccountSummary customer = members.customer(approval.accountId());
        boolean stillVerified = identity.isStillValid(approval.verificationId());
        if (!stillVerified) {
            throw new ActionRefusedException(APPROVAL_VERIFICATION_EXPIRED);
        }
        String requester = emailOf(approval.requestedBy());
        String details = "Reason: " + approval.reason() + ". Ticket: " + approval.ticket() + ". Asked for by "
                + requester + ", approved by " + me.email() + ".";
        transactions.executeWithoutResult(status -> {
            // The same statement refuses the member who asked, should the check above be bypassed.
            if (!approvals.decideByOther(approval.id(), me.accountId(), "APPROVED", clock.instant())) {
                throw new ActionRefusedException(APPROVAL_ALREADY_DECIDED);
            }
            events.publish(SecurityEventType.SUPPORT_MFA_RESET_APPROVED, actor(me), customer.organizationId(),
                    target(customer), details);
            mfa.resetBySupport(customer.id(), details);
        });
    }

    /** Rejects a pending reset (another member), or withdraws it (the member who asked for it). */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public void rejectReset(long approvalId) {
        SignedInAccount me = members.require();
        ResetApproval approval = pending(approvalId);
        AccountSummary customer = members.customer(approval.accountId());
        boolean own = approval.requestedBy() == me.accountId();
        transactions.executeWithoutResult(status -> {
            boolean decided = own ? approvals.withdraw(approval.id(), me.accountId(), clock.instant())
                    : approvals.decideByOther(approval.id(), me.accountId(), "REJECTED", clock.instant());
            if (!decided) {
                throw new ActionRefusedException(APPROVAL_ALREADY_DECIDED);
            }
            events.publish(own ? SecurityEventType.SUPPORT_MFA_RESET_WITHDRAWN : SecurityEventType.SUPPORT_MFA_RESET_REJECTED,
                    actor(me), customer.organizationId(), target(customer), "Reset asked for by "
                            + emailOf(approval.requestedBy()) + " (ticket " + approval.ticket() + ") "
                            + (own ? "withdrawn" : "rejected by " + me.email()) + ".");
        });
    }

    /** Lifts the lock on the account's MFA codes. */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public void unlockCodes(long accountId, ActionReason reason) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        ActionReason checked = ActionReason.checked(reason);
        identity.requireVerifiedBy(me, customer.id());
        mfa.unlockCodesBySupport(customer.id(), checked.describe());
        transactions.executeWithoutResult(status -> reportToRoot(me, customer, "unlocked the MFA codes", checked));
    }

    /** Lifts every sign-in block of the account; returns how many addresses were blocked. */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public int liftSignInBlocks(long accountId, ActionReason reason) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        ActionReason checked = ActionReason.checked(reason);
        identity.requireVerifiedBy(me, customer.id());
        int lifted = signIns.liftBlocks(target(customer), customer.organizationId(), checked.describe()).size();
        transactions.executeWithoutResult(status -> reportToRoot(me, customer, "lifted the sign-in blocks", checked));
        return lifted;
    }

    /** Ends one session of the account (no verification: ending a session never lets anyone in). */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public boolean endSession(long accountId, long sessionId, ActionReason reason) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        ActionReason checked = ActionReason.checked(reason);
        return Boolean.TRUE.equals(transactions.execute(status -> {
            boolean ended = sessions.endSessionOf(customer.id(), sessionId);
            reportSessionsEnded(me, customer, ended ? 1 : 0, checked);
            return ended;
        }));
    }

    /** Ends every session of the account; returns how many ended. */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public int endAllSessions(long accountId, ActionReason reason) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        ActionReason checked = ActionReason.checked(reason);
        return transactions.execute(status -> {
            int ended = sessions.endSessionsOf(customer.id());
            reportSessionsEnded(me, customer, ended, checked);
            return ended;
        });
    }

    private void askForApproval(SignedInAccount me, AccountSummary customer, VerificationCode verification,
                                ActionReason reason) {
        String why = reason.describe();
        try {
            transactions.executeWithoutResult(status -> {
                Optional<ResetApproval> earlier = approvals.findPending(customer.id());
                // The asker's own request whose identity check expired makes way for the new one.
                if (earlier.isPresent()) {
                    boolean replaceable = earlier.get().requestedBy() == me.accountId()
                            && !identity.isStillValid(earlier.get().verificationId());
                    if (!replaceable || !approvals.withdraw(earlier.get().id(), me.accountId(), clock.instant())) {
                        throw new ActionRefusedException(APPROVAL_ALREADY_ASKED);
                    }
                }
                approvals.insert(customer.id(), verification.id(), reason.reasonText(), reason.ticketReference(),
                        me.accountId(), clock.instant());
                events.publish(SecurityEventType.SUPPORT_MFA_RESET_REQUESTED, actor(me), customer.organizationId(),
                        target(customer), "Reset of a root account's MFA asked for, waiting for a second support "
                                + "member's approval. " + why);
            });
        } catch (DuplicateKeyException concurrent) {
            throw new ActionRefusedException(APPROVAL_ALREADY_ASKED);
        }
    }

    private void reportSessionsEnded(SignedInAccount me, AccountSummary customer, int ended, ActionReason reason) {
        events.publish(SecurityEventType.SUPPORT_SESSIONS_ENDED, actor(me), customer.organizationId(), target(customer),
                (ended == 1 ? "1 session" : ended + " sessions") + " ended by support. " + reason.describe());
        reportToRoot(me, customer, "ended " + (ended == 1 ? "1 session" : ended + " sessions"), reason);
    }

    /** For a sub-user, the organization's root user is told too (an audit row and a mail of its own). */
    private void reportToRoot(SignedInAccount me, AccountSummary customer, String what, ActionReason reason) {
        if (customer.role() != AccountRole.SUB_USER) {
            return;
        }
        AccountSummary root = accounts.rootsOf(List.of(customer.organizationId())).get(customer.organizationId());
        if (root != null) {
            events.publish(SecurityEventType.SUPPORT_ACTION_REPORTED_TO_ROOT, actor(me), customer.organizationId(),
                    new AccountRef(root.id(), root.email()),
                    "Support " + what + " of " + customer.email() + ". " + reason.describe());
        }
    }

    private ResetApproval pending(long approvalId) {
        return approvals.findById(approvalId).filter(ResetApproval::isPending)
                .orElseThrow(() -> new ActionRefusedException(APPROVAL_ALREADY_DECIDED));
    }

    private String emailOf(long accountId) {
        return Optional.ofNullable(accounts.findAll(List.of(accountId)).get(accountId)).map(AccountSummary::email)
                .orElse("a former support member");
    }

    private static AccountRef actor(SignedInAccount me) {
        return new AccountRef(me.accountId(), me.email());
    }

    private static AccountRef target(AccountSummary customer) {
        return new AccountRef(customer.id(), customer.email());
    }

    /** What "Reset MFA" did. */
    public enum ResetResult {
        /** MFA was reset and every session ended. */
        RESET,
        /** A root account: the reset waits for a second support member's approval. */
        APPROVAL_REQUESTED
    }
}
