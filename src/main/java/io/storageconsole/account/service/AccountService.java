package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ConcurrentChangeException;
import io.storageconsole.base.service.FieldErrors;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SessionRevocation;
import io.storageconsole.security.service.SignInNoLongerValidException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

@Service
public class AccountService {

    /** The exact text of the reference product; people follow its help pages. */
    public static final String CHANGE_PASSWORD_FAILED =
            "Either the new password does not conform to the account password policy or the old password was incorrect.";
    public static final String EMAIL_TAKEN = "An account with this email address already exists.";

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final PasswordConfirmation passwordConfirmation;
    // Implemented by the session feature, which itself calls this service: looked up when needed.
    private final ObjectProvider<SessionRevocation> revocation;
    private final TransactionTemplate transactions;
    private final SecurityEvents events;
    private final Clock clock;

    AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder, PasswordConfirmation passwordConfirmation,
                   ObjectProvider<SessionRevocation> revocation, TransactionTemplate transactions,
                   SecurityEvents events, Clock clock) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.passwordConfirmation = passwordConfirmation;
        this.revocation = revocation;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** Adds the messages for a would-be account's email and password to {@code errors}. */
    @Transactional(readOnly = true)
    public void checkNewAccount(String email, String password, FieldErrors errors) {
        String emailProblem = EmailAddresses.problemWith(email);
        if (emailProblem == null && accounts.existsByEmail(EmailAddresses.normalize(email))) {
            emailProblem = EMAIL_TAKEN;
        }
        errors.add("email", emailProblem);
        errors.add("password", PasswordPolicy.problemWith(password));
    }

    /**
     * Creates the root user of a new organization. Runs inside the sign-up transaction, so a
     * failure here leaves no organization behind either.
     */
    @Transactional
    public AccountRef createRoot(long organizationId, String email, String password) {
        FieldErrors errors = new FieldErrors();
        checkNewAccount(email, password, errors);
        errors.throwIfAny();
        Account account = insert(Account.root(organizationId, EmailAddresses.normalize(email),
                passwordEncoder.encode(password), clock.instant()));
        return new AccountRef(account.getId(), account.getEmail());
    }

    /**
     * Provisioning outside any user's request (demo data, operator set-up): takes an already
     * encoded hash, or null for a sub-user without console login. No view calls it.
     */
    @Transactional
    public AccountRef provision(Account account) {
        if (CurrentAccount.find().isPresent()) {
            throw new AccessDeniedException("Provisioning runs outside user requests only");
        }
        Account saved = insert(account);
        return new AccountRef(saved.getId(), saved.getEmail());
    }

    @Transactional(readOnly = true)
    public boolean exists(String email) {
        return accounts.existsByEmail(EmailAddresses.normalize(email));
    }

    /**
     * Changes the signed-in user's password. The current password is asked again (limited and
     * audited, see PasswordConfirmation); every other sign-in of the account ends with the change.
     */
    public AccountRef changePassword(String currentPassword, String newPassword, String confirmation) {
        SignedInAccount me = CurrentAccount.require();
        if (isBlank(currentPassword) || isBlank(newPassword)) {
            FieldErrors errors = new FieldErrors();
            if (isBlank(currentPassword)) {
                errors.add("currentPassword", "Enter your current password.");
            }
            if (isBlank(newPassword)) {
                errors.add("newPassword", "Enter a new password.");
            }
            errors.throwIfAny();
        }
        if (!Objects.equals(newPassword, confirmation)) {
            throw InvalidInputException.of("confirmation", "The new password and its confirmation differ.");
        }
        if (!PasswordPolicy.isSatisfiedBy(newPassword)) {
            throw InvalidInputException.of("newPassword", CHANGE_PASSWORD_FAILED);
        }
        try {
            passwordConfirmation.require(currentPassword, "newPassword", CHANGE_PASSWORD_FAILED);
        } catch (InvalidInputException wrong) {
            // The reference product's one message covers a wrong old password; a lock speaks for itself.
            String message = wrong.messageFor("newPassword");
            throw InvalidInputException.of(CHANGE_PASSWORD_FAILED.equals(message) ? "newPassword" : "currentPassword", message);
        }
        String newHash = passwordEncoder.encode(newPassword);
        return transactions.execute(status -> {
            Account account = accounts.findById(me.accountId())
                    .orElseThrow(() -> new AccessDeniedException("Account no longer exists"));
            account.changePasswordHash(newHash);
            accounts.save(account);
            AccountRef ref = new AccountRef(account.getId(), account.getEmail());
            events.publish(SecurityEventType.PASSWORD_CHANGED, ref, account.getOrganizationId(), ref, null);
            revocation.getObject().endOtherSignIns(me, "the password was changed");
            return ref;
        });
    }

    @Transactional(readOnly = true)
    public AccountSummary me() {
        long id = CurrentAccount.require().accountId();
        return accounts.findById(id).map(AccountSummary::of)
                .orElseThrow(() -> new AccessDeniedException("Account no longer exists"));
    }

    /** The MFA state of an account, for the MFA feature, which authorizes its own callers. */
    @Transactional(readOnly = true)
    public MfaState mfaStateOf(long accountId) {
        return accounts.findById(accountId).map(Account::getMfaState)
                .orElseThrow(() -> new AccessDeniedException("No account " + accountId));
    }

    /** Records an MFA state change decided by the MFA feature, in the caller's transaction. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void recordMfaState(long accountId, MfaState state) {
        Account account = accounts.findById(accountId)
                .orElseThrow(() -> new AccessDeniedException("No account " + accountId));
        account.changeMfaState(state);
        accounts.save(account);
    }

    /**
     * The sub-users among {@code accountIds} that belong to the calling root's organization; any
     * other id (another organization's, the root's own, a support account) is refused outright.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public List<AccountSummary> subUsersOfMyOrganization(java.util.Collection<Long> accountIds) {
        SignedInAccount me = CurrentAccount.require();
        requireRootOf(me.organizationId() == null ? -1 : me.organizationId());
        java.util.Set<Long> wanted = new java.util.LinkedHashSet<>(accountIds);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<AccountSummary> found = accounts.findSubUsersIn(me.organizationId(), wanted).stream()
                .map(AccountSummary::of)
                .toList();
        if (found.size() != wanted.size()) {
            throw new AccessDeniedException("Not every account is a sub-user of organization " + me.organizationId());
        }
        return found;
    }

    /**
     * One sub-user of the calling root's organization: one deleted meanwhile is a concurrent change
     * (the view says so), any other account is refused.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public AccountSummary subUserOfMyOrganization(long accountId) {
        SignedInAccount me = CurrentAccount.require();
        requireRootOf(me.organizationId() == null ? -1 : me.organizationId());
        Account account = accounts.findById(accountId)
                .orElseThrow(() -> new ConcurrentChangeException(SubUserAdministration.USER_GONE));
        if (!Objects.equals(account.getOrganizationId(), me.organizationId()) || account.getRole() != AccountRole.SUB_USER) {
            throw new AccessDeniedException("Account " + accountId + " is not a sub-user of organization " + me.organizationId());
        }
        return AccountSummary.of(account);
    }

    /**
     * The sub-users among {@code accountIds} that still exist in the calling root's organization,
     * locked until the caller's transaction ends, with the versions a bulk change compares with
     * those the root saw. Ids of deleted users, and of any account outside the organization, are
     * simply absent.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public List<AccountSummary> lockSubUsersOfMyOrganization(java.util.Collection<Long> accountIds) {
        SignedInAccount me = CurrentAccount.require();
        requireRootOf(me.organizationId() == null ? -1 : me.organizationId());
        if (accountIds.isEmpty()) {
            return List.of();
        }
        return accounts.lockSubUsersIn(me.organizationId(), accountIds).stream().map(AccountSummary::of).toList();
    }

    /** Records one MFA state for a batch of accounts the MFA feature has authorized, in its transaction. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void recordMfaStates(java.util.Collection<Long> accountIds, MfaState state) {
        if (!accountIds.isEmpty()) {
            accounts.updateMfaStates(accountIds, state.name());
        }
    }

    /**
     * Marks the credentials of these accounts changed (password, MFA reset or off), in the caller's
     * transaction: their sign-ins still owing a second factor become void. SessionRevocation calls it.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void recordCredentialsChanges(java.util.Collection<Long> accountIds) {
        if (!accountIds.isEmpty()) {
            accounts.recordCredentialsChanges(accountIds);
        }
    }

    /**
     * Refuses a sign-in still owing its second factor whose account's password or MFA changed since
     * its password was checked (a root's reset, the owner's new password elsewhere).
     */
    @Transactional(readOnly = true)
    public void requireStillValid(SignedInAccount pendingSignIn) {
        int current = accounts.findCredentialsVersion(pendingSignIn.accountId())
                .orElseThrow(SignInNoLongerValidException::new);
        if (current != pendingSignIn.credentialsVersion()) {
            throw new SignInNoLongerValidException();
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    void recordSignIn(AuthenticationSuccessEvent success) {
        if (!(success.getAuthentication().getPrincipal() instanceof SignedInAccount signedIn)
                || !signedIn.isComplete()) {
            return;
        }
        accounts.findById(signedIn.accountId()).ifPresent(account -> {
            account.recordSignIn(clock.instant());
            accounts.save(account);
            AccountRef ref = new AccountRef(account.getId(), account.getEmail());
            events.publish(SecurityEventType.SIGN_IN, ref, account.getOrganizationId(), ref, null);
        });
    }

    Account insert(Account account) {
        try {
            return accounts.save(account);
        } catch (DuplicateKeyException | DbActionExecutionException e) {
            // Two sign-ups raced for the same address; the unique key decided. Spring Data JDBC
            // wraps the key violation of an insert in DbActionExecutionException.
            if (!(e instanceof DuplicateKeyException) && !(e.getCause() instanceof DuplicateKeyException)) {
                throw e;
            }
            throw InvalidInputException.of("email", EMAIL_TAKEN);
        }
    }

    /** Refuses anyone but the root user of this organization; the sub-user services call it too. */
    static void requireRootOf(long organizationId) {
        SignedInAccount me = CurrentAccount.require();
        if (!me.hasRole(Roles.ROOT) || !Objects.equals(me.organizationId(), organizationId)) {
            throw new AccessDeniedException("Not the root user of organization " + organizationId);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
