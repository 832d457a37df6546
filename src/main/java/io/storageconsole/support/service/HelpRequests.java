package io.storageconsole.support.service;

import io.storageconsole.account.service.CredentialChanges;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.FieldErrors;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.Attempt;
import io.storageconsole.security.service.AttemptLimiter;
import io.storageconsole.security.service.AttemptPolicy;
import io.storageconsole.support.domain.SupportRequestStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customer's side: a request for help, made on the second sign-in step by someone who gave the
 * account's password but cannot give a code. Only that half-signed-in caller may make it, and only
 * for the account it signed in to; one request stays open per account (a second one updates it), a
 * few per hour, and the owner is mailed each time, so a stolen password cannot open one silently.
 */
@Service
public class HelpRequests {

    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_CONTACT = 200;
    static final int MAX_PER_HOUR = 3;
    public static final String TOO_MANY = "Support has your request. You have sent " + MAX_PER_HOUR
            + " in the last hour: wait before you change it again.";
    private static final AttemptPolicy POLICY = AttemptPolicy.fixed("support-request", MAX_PER_HOUR,
            Duration.ofHours(1), Duration.ofHours(1));

    private final SupportRequestStore requests;
    private final CredentialChanges credentials;
    private final AttemptLimiter limiter;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    HelpRequests(SupportRequestStore requests, CredentialChanges credentials, AttemptLimiter limiter, SecurityEvents events,
                 TransactionTemplate transactions, Clock clock) {
        this.requests = requests;
        this.credentials = credentials;
        this.limiter = limiter;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Sends the request to support (or updates the open one) and mails the account owner; returns
     * the open request. Bad input is refused on its field ("description", "contact"), nothing stored.
     */
    @PreAuthorize("hasRole('" + Roles.MFA_PENDING + "')")
    public HelpRequest send(String description, String contact) {
        SignedInAccount me = requester();
        String text = clean(description, true);
        String reach = clean(contact, false);
        FieldErrors errors = new FieldErrors();
        if (text.isEmpty()) {
            errors.add("description", "Say in a few words what happened.");
        } else if (text.length() > MAX_DESCRIPTION) {
            errors.add("description", "Keep it to " + MAX_DESCRIPTION + " characters.");
        }
        if (reach.isEmpty()) {
            errors.add("contact", "Say how support can reach you, such as a phone number.");
        } else if (reach.length() > MAX_CONTACT) {
            errors.add("contact", "Keep it to " + MAX_CONTACT + " characters.");
        }
        errors.throwIfAny();
        Attempt attempt = limiter.reserve(POLICY, String.valueOf(me.accountId()));
        if (!attempt.granted()) {
            throw new ActionRefusedException(TOO_MANY);
        }
        RequestOrigin origin = RequestOrigin.current();
        return transactions.execute(status -> {
            SupportRequestStore.Opened opened = requests.openOrUpdate(me.accountId(), text, reach, clock.instant(),
                    origin.ip(), origin.userAgent());
            AccountRef owner = new AccountRef(me.accountId(), me.email());
            // The customer's own words stay in the request: the audit row and the owner's mail never carry them.
            events.publish(opened.created() ? SecurityEventType.SUPPORT_REQUEST_OPENED : SecurityEventType.SUPPORT_REQUEST_UPDATED,
                    owner, me.organizationId(), owner, "Support request " + opened.request().id());
            return HelpRequest.of(opened.request());
        });
    }

    /** The caller's open request, if any. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.MFA_PENDING + "')")
    public Optional<HelpRequest> mine() {
        return requests.findOpen(requester().accountId()).map(HelpRequest::of);
    }

    /**
     * The sign-in that owes a code and is still valid (its account's password and MFA unchanged
     * since its password): anyone else, fully signed-in users included, is refused.
     */
    private SignedInAccount requester() {
        SignedInAccount me = CurrentAccount.requirePendingSecondFactor();
        if (me.stage() != SignInStage.MFA_CHALLENGE) {
            throw new AccessDeniedException("Only a sign-in that owes a code asks support for help with it");
        }
        credentials.requireStillValid(me);
        return me;
    }

    /** Trimmed, without control characters (line breaks kept where a text may have several lines). */
    private static String clean(String typed, boolean multiline) {
        if (typed == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(typed.length());
        typed.strip().codePoints()
                .filter(c -> !Character.isISOControl(c) || (multiline && c == '\n'))
                .forEach(kept::appendCodePoint);
        return kept.toString();
    }
}
