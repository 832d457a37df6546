package io.storageconsole.session.domain;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The start of a console session, and the check that its sign-in is still valid, in one statement
 * (decision 0044): the account's row is read with a shared lock held until the caller's transaction
 * ends, so a password change or MFA reset either committed first (no row is inserted) or waits for
 * this one and then ends the new session with the others (decision 0007). On Galera the lock holds on
 * this node only, and the session's foreign key to the account is no conflict there: across nodes the
 * recorded sign-in's write of the account's sign-in row in the same transaction, which a credential
 * change writes too, is what certification compares (decisions 0044 and 0064).
 */
@Repository
public class SessionStarts {

    /** MariaDB's "Column '…' cannot be null". */
    private static final int NULL_IN_NOT_NULL_COLUMN = 1048;

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
        Timestamp at = Timestamp.from(now);
        // VALUES with a scalar subquery, not INSERT … SELECT: 77 µs a statement on MariaDB, not 180. A moved version or
        // a gone account makes it NULL, refused by account_id's NOT NULL (1048). The lock is explicit, though InnoDB takes it anyway.
        return emptyWhenVoid(() -> {
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO console_session (token_hash, account_id, created_at, last_active_at, ip, user_agent) "
                            + "VALUES (?, (SELECT a.id FROM account a WHERE a.id = ? AND a.credentials_version = ? "
                            + "LOCK IN SHARE MODE), ?, ?, ?, ?)")
                    .params(tokenHash, accountId, credentialsVersion, at, at, new SqlParameterValue(Types.VARCHAR, ip),
                            new SqlParameterValue(Types.VARCHAR, userAgent))
                    .update(keys);
            return keys.getKey().longValue();
        });
    }

    /**
     * {@link #startIfStillValid} for a sign-in whose code claimed its step in the caller's transaction,
     * with the code step's other writes in the same call: V150's procedure {@code code_sign_in_start}
     * forgets the account's wrong codes, starts the session with the same check, audits its start and
     * the sign-in, and records the sign-in in the account's sign-in row (decision 0065). Each of its
     * statements is the one that feature runs itself for a sign-in without a code; the only caller
     * of the procedure (ArchitectureTest).
     *
     * @return the new session's id; empty when the credentials version moved since, or the account is gone
     *     (then the counter's delete ran already: the caller rolls back, as it does on empty)
     */
    public OptionalLong startAfterCode(String tokenHash, long accountId, int credentialsVersion, Instant now, String ip,
                                       String userAgent, CodeSignIn signIn) {
        Timestamp at = Timestamp.from(now);
        return emptyWhenVoid(() -> jdbc.sql("CALL code_sign_in_start(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(tokenHash, accountId, credentialsVersion, at, new SqlParameterValue(Types.VARCHAR, ip),
                        new SqlParameterValue(Types.VARCHAR, userAgent), signIn.counterKind(), signIn.counterSubject(),
                        signIn.email(), new SqlParameterValue(Types.BIGINT, signIn.organizationId()), signIn.device())
                .query(Long.class).single());
    }

    /**
     * The new session's id, or empty when its insert found the sign-in void (1048, a NULL account). MariaDB undid
     * that statement only; no going on after it (decision 0046): SessionRequests throws on empty, which rolls back.
     */
    private static OptionalLong emptyWhenVoid(LongSupplier start) {
        try {
            return OptionalLong.of(start.getAsLong());
        } catch (DataIntegrityViolationException e) {
            if (e.getCause() instanceof SQLException sql && sql.getErrorCode() == NULL_IN_NOT_NULL_COLUMN) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /**
     * What {@link #startAfterCode} writes beside the session: the wrong codes' counter to forget, and
     * the audit rows' account, its organization (null for support) and device ("Chrome on Linux").
     */
    public record CodeSignIn(String counterKind, String counterSubject, String email, Long organizationId, String device) {
    }
}
