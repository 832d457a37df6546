package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.domain.MfaState;
import java.time.Instant;

/**
 * What views may see of an account: never its password hash.
 *
 * @param version the account's version when read, which a later change names (optimistic locking)
 * @param invited invited to the console by email, the password not yet set by the link
 */
public record AccountSummary(long id, Long organizationId, String email, AccountRole role,
                             boolean consoleAccess, MfaState mfaState, Instant createdAt,
                             Instant lastSignInAt, int version, boolean invited) {

    static AccountSummary of(Account account) {
        return new AccountSummary(account.getId(), account.getOrganizationId(), account.getEmail(),
                account.getRole(), account.hasConsoleAccess(), account.getMfaState(),
                account.getCreatedAt(), account.getLastSignInAt(), account.getVersion(), account.isInvited());
    }
}
