package io.storageconsole.account.domain;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one read a sign-in makes before its password is checked: the columns it needs, mapped by
 * hand. Every sign-in makes it; the whole {@link Account} through the repository's derived query
 * cost 1.5 ms here, most of it building the query and mapping the entity (BENCHMARKS.md). The MFA
 * state comes along, read only, so the MFA feature decides the stage after the password without a
 * read of its own.
 */
@Repository
public class SignInAccounts {

    /**
     * An account as the password step needs it.
     *
     * @param organizationId      null for a support member
     * @param consolePasswordHash the password's hash while the account may use the console; null
     *                            for an account of API keys only, or one invited and without a password yet
     */
    public record SignInAccount(long id, Long organizationId, String email, AccountRole role, MfaState mfaState,
                                int credentialsVersion, String consolePasswordHash) {
    }

    private final JdbcClient jdbc;

    SignInAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param email a normalised address */
    public Optional<SignInAccount> findByEmail(String email) {
        return jdbc.sql("SELECT id, organization_id, email, role, mfa_state, credentials_version, "
                        + "CASE WHEN console_access THEN password_hash END FROM account WHERE email = ?")
                .param(email)
                .query((rs, n) -> new SignInAccount(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3),
                        AccountRole.valueOf(rs.getString(4)), MfaState.valueOf(rs.getString(5)), rs.getInt(6),
                        rs.getString(7)))
                .optional();
    }
}
