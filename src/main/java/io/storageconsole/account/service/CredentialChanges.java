package io.storageconsole.account.service;

import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInNoLongerValidException;
import java.util.Collection;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The count of an account's credential changes (password, MFA reset or off), which a sign-in still
 * owing its second factor is bound to: once it moved, that sign-in is void.
 */
@Service
public class CredentialChanges {

    private final AccountRepository accounts;

    CredentialChanges(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** Marks the credentials of these accounts changed, in the caller's transaction (SessionRevocation calls it). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Collection<Long> accountIds) {
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
        requireStillValid(pendingSignIn, accounts.findCredentialsVersion(pendingSignIn.accountId()));
    }

    /**
     * The same check against a version the caller read itself, in a statement that also read what
     * it needs (the code step reads it with the account's MFA credential: one query); empty when the
     * account is gone.
     */
    public static void requireStillValid(SignedInAccount pendingSignIn, Optional<Integer> currentVersion) {
        if (currentVersion.isEmpty() || currentVersion.get() != pendingSignIn.credentialsVersion()) {
            throw new SignInNoLongerValidException();
        }
    }
}
