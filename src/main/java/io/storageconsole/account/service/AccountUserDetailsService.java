package io.storageconsole.account.service;

import io.storageconsole.account.domain.SignInAccounts;
import io.storageconsole.account.domain.SignInAccounts.SignInAccount;
import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.security.SignedInAccount;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Looks up who is trying to sign in. An invalid address is simply not found: no query is made.
 * Where the sign-in stands after the password is the MFA feature's to say (SecondFactorPolicy), from
 * the MFA state read here with the account: until it has, the account owes a code, the stage that opens nothing.
 */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final SignInAccounts accounts;

    AccountUserDetailsService(SignInAccounts accounts) {
        this.accounts = accounts;
    }

    // One query, so no transaction: every sign-in makes it, and a transaction's begin and end are round trips of their own.
    // Read again if a database node went away under it: no retried transaction covers it (decision 0036).
    @Override
    public SignedInAccount loadUserByUsername(String username) {
        if (EmailAddresses.problemWith(username) != null) {
            throw new UsernameNotFoundException("No such account");
        }
        SignInAccount account = ConflictRetry.read("The account signing in", () -> accounts.findByEmail(EmailAddresses.normalize(username)))
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
        return SignedInAccount.atPasswordStep(account.id(), account.organizationId(), account.email(),
                account.role().name(), account.mfaState().name(), account.credentialsVersion(), account.consolePasswordHash());
    }
}
