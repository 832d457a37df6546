package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountLinks;
import io.storageconsole.account.domain.AccountLinks.Purpose;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.LinkMail;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.text.Times;
import io.storageconsole.security.SignInRoutes;
import io.storageconsole.security.service.AttemptLimiter;
import io.storageconsole.security.service.AttemptPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invitations to the console: a new console user gets a single-use link by email, valid
 * {@link #VALID_FOR}, to set their own password. As with the forgotten-password link the token is
 * stored only as its SHA-256 hash and the mail goes straight to the mail server, never through the
 * outbox. Sending one again voids the earlier link. Accepting sets the password and nothing else:
 * it signs nobody in. The root user's side (who may invite whom) is SubUserAdministration's.
 */
@Service
public class Invitations {

    public static final Duration VALID_FOR = Duration.ofDays(7);
    public static final String SUBJECT = "You are invited to the Storage Console";
    public static final String LINK_UNUSABLE = "This invitation link has expired, was already used, or was replaced "
            + "by a newer one. Ask the root user of your organization to send the invitation again.";
    static final String TOO_MANY = "Too many tries of invitation links from your network address. Try again in ";

    static final AttemptPolicy LINK_TRIES_PER_IP = AttemptPolicy.fixed("invitation-link", 20, Duration.ofHours(1), Duration.ofHours(1));

    private final AccountLinks links;
    private final LinkPasswords linkPasswords;
    private final AttemptLimiter limiter;
    private final PasswordEncoder passwordEncoder;
    private final SecurityEvents events;
    private final ApplicationEventPublisher publisher;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Invitations(AccountLinks links, LinkPasswords linkPasswords, AttemptLimiter limiter, PasswordEncoder passwordEncoder,
                SecurityEvents events, ApplicationEventPublisher publisher, TransactionTemplate transactions, Clock clock) {
        this.links = links;
        this.linkPasswords = linkPasswords;
        this.limiter = limiter;
        this.passwordEncoder = passwordEncoder;
        this.events = events;
        this.publisher = publisher;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Sends the invited account a new link in the caller's transaction, voiding any earlier one; the
     * mail leaves once that transaction commits. {@code again} tells a resend from the first.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void send(Account invited, AccountRef by, boolean again) {
        String token = LinkTokens.newToken();
        Instant now = clock.instant();
        links.voidOthers(invited.getId(), Purpose.INVITATION, now);
        links.add(invited.getId(), Purpose.INVITATION, LinkTokens.hash(token), now, now.plus(VALID_FOR));
        events.publish(again ? SecurityEventType.INVITATION_RESENT : SecurityEventType.INVITATION_SENT, by,
                invited.getOrganizationId(), AccountRegistration.refOf(invited), "Valid until " + Times.minute(now.plus(VALID_FOR)));
        publisher.publishEvent(new LinkMail(invited.getEmail(), SUBJECT,
                by.email() + " added you, " + invited.getEmail() + ", as a user of the Storage Console of their organization.\n\n"
                        + "Open this link to choose your password. It works once, until " + Times.minute(now.plus(VALID_FOR)) + ":\n\n"
                        + linkPasswords.link(SignInRoutes.INVITATION, token) + "\n\n"
                        + "Then sign in with this address and your password. If you did not expect this invitation, "
                        + "ignore this mail.\n"));
    }

    /** Voids the account's open invitation links (console access was turned off, or a password set instead). */
    @Transactional(propagation = Propagation.MANDATORY)
    void withdraw(long accountId) {
        links.voidOthers(accountId, Purpose.INVITATION, clock.instant());
    }

    /** Whether the link (its token) can still set a password: the page says so before asking for one. */
    public boolean isUsable(String token) {
        return token != null && links.findUsableUnlocked(LinkTokens.hash(token), Purpose.INVITATION, clock.instant()).isPresent();
    }

    /**
     * Sets the invited user's password through the link, once. Refused on the fields for a password
     * the policy refuses, and with {@link #LINK_UNUSABLE} for a used, expired or replaced link, or
     * one whose user is no longer invited. Tries are limited per network address.
     */
    public AccountRef accept(String token, String newPassword, String confirmation) {
        LinkTokens.requireWithinLimits(limiter, clock, TOO_MANY, LINK_TRIES_PER_IP, LinkTokens.networkAddress(), null, null);
        PasswordPolicy.requireNewPassword(newPassword, confirmation);
        String tokenHash = LinkTokens.hash(token);
        String newHash = passwordEncoder.encode(newPassword);
        return transactions.execute(status -> {
            Account account = linkPasswords.setPassword(tokenHash, Purpose.INVITATION, newHash, clock.instant(),
                    Account::isInvited, LINK_UNUSABLE);
            AccountRef ref = AccountRegistration.refOf(account);
            events.publish(SecurityEventType.INVITATION_ACCEPTED, ref, account.getOrganizationId(), ref, null);
            return ref;
        });
    }
}
