package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.service.FieldErrors;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.CurrentAccount;
import java.time.Clock;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * New accounts: the root user of a signing-up organization, and provisioning outside any user's
 * request (demo data, operator set-up). The one place that checks a new address and inserts an
 * account, so a taken address reads the same wherever it is refused.
 */
@Service
public class AccountRegistration {

    public static final String EMAIL_TAKEN = "An account with this email address already exists.";

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    AccountRegistration(AccountRepository accounts, PasswordEncoder passwordEncoder, Clock clock) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    /** Adds the message for a would-be account's email to {@code errors}: malformed, or taken. */
    @Transactional(readOnly = true)
    public void checkNewEmail(String email, FieldErrors errors) {
        String problem = EmailAddresses.problemWith(email);
        if (problem == null && accounts.existsByEmail(EmailAddresses.normalize(email))) {
            problem = EMAIL_TAKEN;
        }
        errors.add("email", problem);
    }

    /** Adds the messages for a would-be account's email and password to {@code errors}. */
    @Transactional(readOnly = true)
    public void checkNewAccount(String email, String password, FieldErrors errors) {
        checkNewEmail(email, errors);
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
        return refOf(account);
    }

    /**
     * Provisions a sub-user with an already encoded hash, or null for one without console login.
     * Outside any user's request only; no view calls it.
     */
    @Transactional
    public AccountRef provisionSubUser(long organizationId, String email, String passwordHash, Instant createdAt,
                                       Instant lastSignInAt) {
        requireNoUser();
        Account account = Account.subUser(organizationId, EmailAddresses.normalize(email), passwordHash, createdAt);
        if (lastSignInAt != null) {
            account.recordSignIn(lastSignInAt);
        }
        return refOf(insert(account));
    }

    /** Provisions a support account with an already encoded hash, outside any user's request. */
    @Transactional
    public AccountRef provisionSupport(String email, String passwordHash) {
        requireNoUser();
        return refOf(insert(Account.support(EmailAddresses.normalize(email), passwordHash, clock.instant())));
    }

    @Transactional(readOnly = true)
    public boolean exists(String email) {
        return accounts.existsByEmail(EmailAddresses.normalize(email));
    }

    /** Inserts a new account; two inserts racing for one address are settled by the unique key. */
    Account insert(Account account) {
        try {
            return accounts.save(account);
        } catch (DuplicateKeyException | DbActionExecutionException e) {
            // Spring Data JDBC wraps the key violation of an insert in DbActionExecutionException.
            if (!(e instanceof DuplicateKeyException) && !(e.getCause() instanceof DuplicateKeyException)) {
                throw e;
            }
            throw InvalidInputException.of("email", EMAIL_TAKEN);
        }
    }

    private static void requireNoUser() {
        if (CurrentAccount.find().isPresent()) {
            throw new AccessDeniedException("Provisioning runs outside user requests only");
        }
    }

    static AccountRef refOf(Account account) {
        return new AccountRef(account.getId(), account.getEmail());
    }
}
