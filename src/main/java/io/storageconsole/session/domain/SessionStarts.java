package io.storageconsole.session.domain;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.OptionalLong;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The start of a console session, and the check that its sign-in is still valid, in one statement
 * (decision 0044): the account's row is read with a shared lock held until the caller's transaction
 * ends, so a password change or MFA reset either committed first (no row is inserted) or waits for
 * this one and then ends the new session with the others (decision 0007). On Galera the lock holds on
 * this node only; across nodes the recorded sign-in's write of the account row in the same
 * transaction ({@code committed_sign_in_at}, decision 0051) is what certification compares (decision 0044).
 */
@Repository
public class SessionStarts {

    private final JdbcClient jdbc;

    SessionStarts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param credentialsVersion the account's count of credential changes when the sign-in's password was checked
     * @return the new session's id; empty when that count moved since, or the account is gone
     */
    public OptionalLong startIfStillValid(String tokenHash, long accountId, int credentialsVersion, Instant now,
                                          String ip, String userAgent) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        Timestamp at = Timestamp.from(now);
        // The explicit lock keeps the check a locking read under any isolation level (READ COMMITTED would read unlocked).
        int inserted = jdbc.sql("INSERT INTO console_session (token_hash, account_id, created_at, last_active_at, ip, user_agent) "
                        + "SELECT ?, a.id, ?, ?, ?, ? FROM account a WHERE a.id = ? AND a.credentials_version = ? "
                        + "LOCK IN SHARE MODE")
                .params(tokenHash, at, at, new SqlParameterValue(Types.VARCHAR, ip), new SqlParameterValue(Types.VARCHAR, userAgent),
                        accountId, credentialsVersion)
                .update(keys);
        return inserted == 1 ? OptionalLong.of(keys.getKey().longValue()) : OptionalLong.empty();
    }
}
