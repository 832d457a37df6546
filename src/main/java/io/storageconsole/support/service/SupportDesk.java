package io.storageconsole.support.service;

import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.mfa.service.MfaAdministration;
import io.storageconsole.organization.service.OrganizationLookup;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInThrottle;
import io.storageconsole.session.service.SupportSessions;
import io.storageconsole.support.domain.RequestOutcome;
import io.storageconsole.support.domain.SupportRequest;
import io.storageconsole.support.domain.SupportRequestStore;
import java.time.Clock;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support's account page: everything about one customer account that helps a locked-out customer,
 * gathered from the features that own it, never a secret. Opening it is audited; closing the
 * account's request records its outcome, is audited and tells the owner.
 */
@Service
public class SupportDesk {

    /** How many of the account's latest security events the page shows. */
    public static final int RECENT_EVENTS = 20;
    public static final int MAX_NOTE = 500;
    public static final String REQUEST_ALREADY_CLOSED = "This request was closed in the meantime.";

    private final SupportMembers members;
    private final OrganizationLookup organizations;
    private final MfaAdministration mfa;
    private final SignInThrottle signIns;
    private final SupportSessions sessions;
    private final SecurityHistory history;
    private final SupportRequestStore requests;
    private final SupportQueue queue;
    private final IdentityVerification identity;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SupportDesk(SupportMembers members, OrganizationLookup organizations, MfaAdministration mfa,
                SignInThrottle signIns, SupportSessions sessions, SecurityHistory history, SupportRequestStore requests,
                SupportQueue queue, IdentityVerification identity,
                SecurityEvents events, TransactionTemplate transactions, Clock clock) {
        this.members = members;
        this.organizations = organizations;
        this.mfa = mfa;
        this.signIns = signIns;
        this.sessions = sessions;
        this.history = history;
        this.requests = requests;
        this.queue = queue;
        this.identity = identity;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Opens the account page: audited as the calling member's look at the account. The event's
     * label says all there is to say, so it carries no details (they read the label twice).
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public AccountPage open(long accountId) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        transactions.executeWithoutResult(status -> events.publish(SecurityEventType.SUPPORT_ACCOUNT_VIEWED,
                new AccountRef(me.accountId(), me.email()), customer.organizationId(),
                new AccountRef(customer.id(), customer.email()), null));
        return read(me, customer);
    }

    /** The page again after an action on it, which is audited itself: no further audit row. */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public AccountPage reload(long accountId) {
        SignedInAccount me = members.require();
        return read(me, members.customer(accountId));
    }

    /**
     * Closes the account's open request with its outcome (and an optional note for support's own
     * records, which the owner's mail leaves out).
     */
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public void closeRequest(long accountId, long requestId, RequestOutcome outcome, String note) {
        SignedInAccount me = members.require();
        AccountSummary customer = members.customer(accountId);
        if (outcome == null) {
            throw InvalidInputException.of("outcome", "Choose how the request ended.");
        }
        String cleanNote = note == null ? "" : note.strip();
        if (cleanNote.length() > MAX_NOTE) {
            throw InvalidInputException.of("note", "Keep the note to " + MAX_NOTE + " characters.");
        }
        SupportRequest request = requests.findById(requestId).filter(found -> found.accountId() == customer.id())
                .orElseThrow(() -> new ActionRefusedException(REQUEST_ALREADY_CLOSED));
        transactions.executeWithoutResult(status -> {
            if (!requests.close(request.id(), me.accountId(), outcome, cleanNote.isEmpty() ? null : cleanNote,
                    clock.instant())) {
                throw new ActionRefusedException(REQUEST_ALREADY_CLOSED);
            }
            events.publish(SecurityEventType.SUPPORT_REQUEST_CLOSED, new AccountRef(me.accountId(), me.email()),
                    customer.organizationId(), new AccountRef(customer.id(), customer.email()),
                    "Support request " + request.id() + " closed. Outcome: " + outcome.label() + ".");
        });
    }

    private AccountPage read(SignedInAccount me, AccountSummary customer) {
        long id = customer.id();
        String organizationName = customer.organizationId() == null ? null
                : organizations.namesOf(List.of(customer.organizationId())).get(customer.organizationId());
        return new AccountPage(customer, organizationName, mfa.statusForSupport(id), signIns.blocksOf(id),
                sessions.sessionsOf(id), requests.findOpen(id), identity.status(id),
                queue.pendingFor(me, customer, organizationName),
                history.recentEventsAbout(id, RECENT_EVENTS));
    }
}
