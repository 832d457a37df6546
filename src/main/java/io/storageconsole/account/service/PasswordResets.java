package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountLinks;
import io.storageconsole.account.domain.AccountLinks.Purpose;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.LinkMail;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.text.Times;
import io.storageconsole.security.SignInRoutes;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.AttemptLimiter;
import io.storageconsole.security.service.AttemptPolicy;
import io.storageconsole.security.service.SessionRevocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Forgot password?": a single-use link by email, valid {@link #VALID_FOR}, whose token is stored
 * only as its SHA-256 hash. The answer is the same whether or not the address has an account;
 * requests are limited per address and per network address, and so are tries of links. Setting the
 * new password ends every session of the account, and signs nobody in: the next sign-in still asks
 * for the second factor.
 */
@Service
public class PasswordResets {

    public static final Duration VALID_FOR = Duration.ofMinutes(30);
    public static final String SENT = "If this address belongs to an account that signs in to the console, "
            + "we have sent it a link to set a new password. The link works once, for 30 minutes.";
    public static final String LINK_UNUSABLE = "This link has expired or was already used. "
            + "Ask for a new one with \"Forgot password?\" on the sign-in page.";
    static final String TOO_MANY = "Too many requests from your network address or for this email address. Try again in ";

    static final AttemptPolicy PER_ADDRESS = AttemptPolicy.fixed("password-reset-address", 3, Duration.ofHours(1), Duration.ofHours(1));
    static final AttemptPolicy PER_IP = AttemptPolicy.fixed("password-reset-ip", 20, Duration.ofHours(1), Duration.ofHours(1));
    static final AttemptPolicy LINK_TRIES_PER_IP = AttemptPolicy.fixed("password-reset-link", 20, Duration.ofHours(1), Duration.ofHours(1));

    private final AccountRepository accounts;
    private final AccountLinks links;
    private final LinkPasswords linkPasswords;
    private final AttemptLimiter limiter;
    private final PasswordEncoder passwordEncoder;
    private final SessionRevocation revocation;
    private final SecurityEvents events;
    private final ApplicationEventPublisher publisher;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PasswordResets(AccountRepository accounts, AccountLinks links, LinkPasswords linkPasswords, AttemptLimiter limiter,
                   PasswordEncoder passwordEncoder, SessionRevocation revocation, SecurityEvents events,
                   ApplicationEventPublisher publisher, TransactionTemplate transactions, Clock clock) {
        this.accounts = accounts;
        this.links = links;
        this.linkPasswords = linkPasswords;
        this.limiter = limiter;
        this.passwordEncoder = passwordEncoder;
        this.revocation = revocation;
        this.events = events;
        this.publisher = publisher;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Sends a link to the address if it has an account with console sign-in; says {@link #SENT}
     * either way. Refused, the same way for every address, once a limit is reached.
     */
    public String request(String typedEmail) {
        String problem = EmailAddresses.problemWith(typedEmail);
        if (problem != null) {
            throw InvalidInputException.of("email", problem);
        }
        String email = EmailAddresses.normalize(typedEmail);
        requireWithinLimits(PER_IP, LinkTokens.networkAddress(), PER_ADDRESS, email);
        accounts.findByEmail(email)
                .filter(account -> account.hasConsoleAccess() && account.getPasswordHash() != null)
                .ifPresent(this::sendLink);
        return SENT;
    }

    /** Whether the link (its token) can still set a password: the page says so before asking for one. */
    public boolean isUsable(String token) {
        return token != null && links.findUsableUnlocked(hash(token), Purpose.PASSWORD_RESET, clock.instant()).isPresent();
    }

    /**
     * Sets the new password through the link, once; ends every session of the account. Refused on the
     * fields for a password the policy refuses, and with {@link #LINK_UNUSABLE} for a used or expired link.
     */
    public AccountRef setNewPassword(String token, String newPassword, String confirmation) {
        requireWithinLimits(LINK_TRIES_PER_IP, LinkTokens.networkAddress(), null, null);
        PasswordPolicy.requireNewPassword(newPassword, confirmation);
        String tokenHash = hash(token);
        String newHash = passwordEncoder.encode(newPassword);
        return transactions.execute(status -> {
            Account account = linkPasswords.setPassword(tokenHash, Purpose.PASSWORD_RESET, newHash, clock.instant(),
                    any -> true, LINK_UNUSABLE);
            long accountId = account.getId();
            AccountRef ref = AccountRegistration.refOf(account);
            events.publish(SecurityEventType.PASSWORD_RESET, ref, account.getOrganizationId(), ref, "By a link sent by email");
            SignedInAccount owner = SignedInAccount.complete(accountId, account.getOrganizationId(), account.getEmail(),
                    account.getRole().name());
            revocation.endAllSignIns(accountId, owner, "the password was reset by a link sent by email");
            return ref;
        });
    }

    private void sendLink(Account account) {
        String token = LinkTokens.newToken();
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            links.voidOthers(account.getId(), Purpose.PASSWORD_RESET, now);
            links.add(account.getId(), Purpose.PASSWORD_RESET, hash(token), now, now.plus(VALID_FOR));
            AccountRef ref = AccountRegistration.refOf(account);
            events.publish(SecurityEventType.PASSWORD_RESET_REQUESTED, ref, account.getOrganizationId(), ref, null);
            publisher.publishEvent(new LinkMail(account.getEmail(), "Set a new password for the Storage Console",
                    "Someone, hopefully you, asked to set a new password for " + account.getEmail() + ".\n\n"
                            + "Open this link to choose one. It works once, until "
                            + Times.minute(now.plus(VALID_FOR)) + ":\n\n"
                            + linkPasswords.link(SignInRoutes.RESET_PASSWORD, token) + "\n\n"
                            + "Setting a new password signs you out everywhere. If MFA is on, signing in still asks "
                            + "for your code.\nIf you did not ask for this, ignore this mail: your password stays as it is.\n"));
        });
    }

    private void requireWithinLimits(AttemptPolicy first, String firstKey, AttemptPolicy second, String secondKey) {
        LinkTokens.requireWithinLimits(limiter, clock, TOO_MANY, first, firstKey, second, secondKey);
    }

    private static String hash(String token) {
        return LinkTokens.hash(token);
    }
}
