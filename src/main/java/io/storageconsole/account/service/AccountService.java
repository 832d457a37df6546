package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.FieldErrors;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SessionRevocation;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signed-in user's own account: what Profile Settings shows of it, and the password change.
 * New accounts are AccountRegistration's, the credential count CredentialChanges', the last sign-in
 * SignInRecorder's, sub-users SubUserAdministration's and SubUserDirectory's.
 */
@Service
public class AccountService {

    /** The exact text of the reference product; people follow its help pages. */
    public static final String CHANGE_PASSWORD_FAILED =
            "Either the new password does not conform to the account password policy or the old password was incorrect.";

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final PasswordConfirmation passwordConfirmation;
    private final SessionRevocation revocation;
    private final TransactionTemplate transactions;
    private final SecurityEvents events;

    AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder, PasswordConfirmation passwordConfirmation,
                   SessionRevocation revocation, TransactionTemplate transactions, SecurityEvents events) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.passwordConfirmation = passwordConfirmation;
        this.revocation = revocation;
        this.transactions = transactions;
        this.events = events;
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
        // The reference product's one message, on the field that is wrong: here the current password.
        passwordConfirmation.require(currentPassword, "currentPassword", CHANGE_PASSWORD_FAILED);
        String newHash = passwordEncoder.encode(newPassword);
        return transactions.execute(status -> {
            Account account = accounts.findById(me.accountId())
                    .orElseThrow(() -> new AccessDeniedException("Account no longer exists"));
            account.changePasswordHash(newHash);
            accounts.save(account);
            AccountRef ref = AccountRegistration.refOf(account);
            events.publish(SecurityEventType.PASSWORD_CHANGED, ref, account.getOrganizationId(), ref, null);
            revocation.endOtherSignIns(me, "the password was changed");
            return ref;
        });
    }

    @Transactional(readOnly = true)
    public AccountSummary me() {
        long id = CurrentAccount.require().accountId();
        return accounts.findById(id).map(AccountSummary::of)
                .orElseThrow(() -> new AccessDeniedException("Account no longer exists"));
    }

    /**
     * Whether the signed-in user must choose a password of their own before anything else: the root
     * user chose the one they signed in with. Asked only of a complete sign-in (MFA comes first).
     */
    @Transactional(readOnly = true)
    public boolean mustChangePassword() {
        return CurrentAccount.find()
                .flatMap(me -> accounts.findById(me.accountId()))
                .map(Account::isPasswordChangeRequired)
                .orElse(false);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
