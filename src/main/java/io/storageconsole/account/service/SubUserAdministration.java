package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.ConcurrentChangeException;
import io.storageconsole.base.service.FieldErrors;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SessionRevocation;
import java.time.Clock;
import java.util.Objects;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a root user changes about the sub-users of their organization: adding, deleting, and console
 * access. Each change names the version of the user that the root saw; if the user changed since,
 * the change is refused rather than silently applied over the other one. Turning access off or on
 * and deleting end every sign-in of the user (an intruder's too, half-finished ones included);
 * setting a password and deleting are sensitive actions that need the root's password confirmed
 * lately in this browser (PasswordConfirmation's sudo mode).
 */
@Service
public class SubUserAdministration {

    public static final String USER_CHANGED =
            "Someone else changed this user in the meantime. The list now shows the current state; check it and try again.";
    public static final String USER_GONE = "This user no longer exists: someone else deleted it.";
    public static final String ALREADY_HAS_CONSOLE_ACCESS = "This user already has console access.";
    public static final String ALREADY_INVITED = "This user is already invited to the console: resend the invitation instead.";
    public static final String NOT_INVITED = "This user is no longer waiting for an invitation: they have set a password, "
            + "or console access was turned off.";

    private final AccountRepository accounts;
    private final AccountRegistration registration;
    private final PasswordEncoder passwordEncoder;
    private final PasswordConfirmation passwords;
    private final SessionRevocation revocation;
    private final SecurityEvents events;
    private final Invitations invitations;
    private final Clock clock;

    SubUserAdministration(AccountRepository accounts, AccountRegistration registration, PasswordEncoder passwordEncoder,
                          PasswordConfirmation passwords, SessionRevocation revocation, SecurityEvents events,
                          Invitations invitations, Clock clock) {
        this.accounts = accounts;
        this.registration = registration;
        this.passwordEncoder = passwordEncoder;
        this.passwords = passwords;
        this.revocation = revocation;
        this.events = events;
        this.invitations = invitations;
        this.clock = clock;
    }

    /**
     * Adds a sub-user. With a password they may sign in to the console; without one (null or empty)
     * they have API keys only. Every field is checked before anything is written.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public AccountRef addSubUser(long organizationId, String email, String password) {
        return add(organizationId, email, password == null || password.isEmpty() ? null : password, false);
    }

    /**
     * Adds a console user with a password the root chooses (required here). With
     * {@code passwordChangeRequired} it is only the root's handover: the user's first sign-in asks
     * for a password of their own before anything else.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public AccountRef addSubUserWithPassword(long organizationId, String email, String password, boolean passwordChangeRequired) {
        return add(organizationId, email, password == null ? "" : password, passwordChangeRequired);
    }

    /** Adds a sub-user with this password, or with API keys only for null; checks every field before writing. */
    private AccountRef add(long organizationId, String email, String password, boolean passwordChangeRequired) {
        RootUser.requireRootOf(organizationId);
        FieldErrors errors = new FieldErrors();
        registration.checkNewEmail(email, errors);
        boolean consoleAccess = password != null;
        if (consoleAccess) {
            errors.add("password", PasswordPolicy.problemWith(password));
        }
        errors.throwIfAny();

        Account account = Account.subUser(organizationId, EmailAddresses.normalize(email),
                consoleAccess ? passwordEncoder.encode(password) : null, clock.instant());
        if (consoleAccess && passwordChangeRequired) {
            account.requirePasswordChange();
        }
        AccountRef added = AccountRegistration.refOf(registration.insert(account));
        events.publish(SecurityEventType.SUB_USER_ADDED, actor(), organizationId, added,
                !consoleAccess ? "Added with API keys only" : passwordChangeRequired
                        ? "Added with console access, a password to change at first sign-in" : "Added with console access");
        return added;
    }

    /**
     * Adds a console user who sets their own password: an invitation by email with a single-use
     * link (Invitations). Until they use it they are "Invited" and cannot sign in.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public AccountRef inviteSubUser(long organizationId, String email) {
        RootUser.requireRootOf(organizationId);
        FieldErrors errors = new FieldErrors();
        registration.checkNewEmail(email, errors);
        errors.throwIfAny();

        Account account = registration.insert(Account.invitedSubUser(organizationId, EmailAddresses.normalize(email), clock.instant()));
        AccountRef added = AccountRegistration.refOf(account);
        events.publish(SecurityEventType.SUB_USER_ADDED, actor(), organizationId, added, "Added and invited to the console by email");
        invitations.send(account, actor(), false);
        return added;
    }

    /** Sends an invited user a new link; the one sent before stops working. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void resendInvitation(long organizationId, long accountId, int seenVersion) {
        RootUser.requireRootOf(organizationId);
        Account account = subUserAsSeen(organizationId, accountId, seenVersion);
        if (!account.isInvited()) {
            throw new ActionRefusedException(NOT_INVITED);
        }
        invitations.send(account, actor(), true);
    }

    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void deleteSubUser(long organizationId, long accountId, int seenVersion) {
        RootUser.requireRootOf(organizationId);
        Account account = subUserAsSeen(organizationId, accountId, seenVersion);
        passwords.requireRecentConfirmation();
        // Ended (and audited) before the row goes, which would only cascade the sessions away unaudited.
        revocation.endAllSignIns(accountId, CurrentAccount.require(), "the root user deleted the user");
        // Ending them counted one credential change (the row is now locked): anything more is someone else's.
        Account ended = accounts.findById(accountId).filter(found -> Objects.equals(found.getVersion(), seenVersion + 1))
                .orElseThrow(() -> new ConcurrentChangeException(USER_CHANGED));
        try {
            accounts.delete(ended);
        } catch (OptimisticLockingFailureException e) {
            throw new ConcurrentChangeException(USER_CHANGED);
        }
        events.publish(SecurityEventType.SUB_USER_DELETED, actor(), organizationId, AccountRegistration.refOf(account), null);
    }

    /** Takes the password away, so the user can no longer sign in; their API keys stay. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void turnOffConsoleAccess(long organizationId, long accountId, int seenVersion) {
        RootUser.requireRootOf(organizationId);
        Account account = subUserAsSeen(organizationId, accountId, seenVersion);
        if (!account.hasConsoleAccess() && !account.isInvited()) {
            return;
        }
        account.turnOffConsoleAccess();
        save(account);
        invitations.withdraw(accountId);
        revocation.endAllSignIns(accountId, CurrentAccount.require(), "the root user turned console access off");
        events.publish(SecurityEventType.CONSOLE_ACCESS_TURNED_OFF, actor(), organizationId, AccountRegistration.refOf(account), null);
    }

    /** Gives console access with a password the root chooses and hands to the user. */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void turnOnConsoleAccess(long organizationId, long accountId, int seenVersion, String password) {
        turnOn(organizationId, accountId, seenVersion, password, false);
    }

    /**
     * Gives console access with a password the root chooses; with {@code passwordChangeRequired} the
     * user's first sign-in asks for a password of their own before anything else.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void turnOnConsoleAccess(long organizationId, long accountId, int seenVersion, String password,
                                    boolean passwordChangeRequired) {
        turnOn(organizationId, accountId, seenVersion, password, passwordChangeRequired);
    }

    private void turnOn(long organizationId, long accountId, int seenVersion, String password, boolean passwordChangeRequired) {
        RootUser.requireRootOf(organizationId);
        Account account = subUserAsSeen(organizationId, accountId, seenVersion);
        passwords.requireRecentConfirmation();
        if (account.hasConsoleAccess()) {
            throw InvalidInputException.of("password", ALREADY_HAS_CONSOLE_ACCESS);
        }
        String problem = PasswordPolicy.problemWith(password);
        if (problem != null) {
            throw InvalidInputException.of("password", problem);
        }
        account.changePasswordHash(passwordEncoder.encode(password));
        if (passwordChangeRequired) {
            account.requirePasswordChange();
        }
        save(account);
        // A password the root set replaces an invitation not yet accepted.
        invitations.withdraw(accountId);
        // Off and on again within a minute must not leave anyone in on the old password.
        revocation.endAllSignIns(accountId, CurrentAccount.require(), "the root user set a new password");
        events.publish(SecurityEventType.CONSOLE_ACCESS_TURNED_ON, actor(), organizationId, AccountRegistration.refOf(account),
                passwordChangeRequired ? "A password to change at first sign-in" : null);
    }

    /**
     * Gives console access by an invitation by email, as "Add User" does: the user chooses their own
     * password by the link (Invitations) and is "Invited" until then.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public void inviteToConsole(long organizationId, long accountId, int seenVersion) {
        RootUser.requireRootOf(organizationId);
        Account account = subUserAsSeen(organizationId, accountId, seenVersion);
        passwords.requireRecentConfirmation();
        if (account.hasConsoleAccess()) {
            throw new ActionRefusedException(ALREADY_HAS_CONSOLE_ACCESS);
        }
        if (account.isInvited()) {
            throw new ActionRefusedException(ALREADY_INVITED);
        }
        account.inviteToConsole();
        save(account);
        events.publish(SecurityEventType.CONSOLE_ACCESS_TURNED_ON, actor(), organizationId, AccountRegistration.refOf(account),
                "By an invitation by email");
        invitations.send(account, actor(), false);
    }

    /** The sub-user, refused unless it belongs to the organization and is still as the root saw it. */
    private Account subUserAsSeen(long organizationId, long accountId, int seenVersion) {
        Account account = accounts.findById(accountId).orElseThrow(() -> new ConcurrentChangeException(USER_GONE));
        if (!Objects.equals(account.getOrganizationId(), organizationId) || account.getRole() != AccountRole.SUB_USER) {
            throw new AccessDeniedException("Account " + accountId + " is not a sub-user of organization " + organizationId);
        }
        if (!Objects.equals(account.getVersion(), seenVersion)) {
            throw new ConcurrentChangeException(USER_CHANGED);
        }
        return account;
    }

    private void save(Account account) {
        try {
            accounts.save(account);
        } catch (OptimisticLockingFailureException e) {
            // Changed between our read and our write: the version in the UPDATE caught it.
            throw new ConcurrentChangeException(USER_CHANGED);
        }
    }

    private static AccountRef actor() {
        SignedInAccount me = CurrentAccount.require();
        return new AccountRef(me.accountId(), me.email());
    }
}
