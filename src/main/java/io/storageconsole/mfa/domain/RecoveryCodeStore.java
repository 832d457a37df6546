package io.storageconsole.mfa.domain;

import io.storageconsole.mfa.service.RecoveryCodes;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The hashed recovery codes of an account; a used code keeps its row with used_at set. */
@Repository
public class RecoveryCodeStore {

    private final JdbcClient jdbc;

    RecoveryCodeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void replace(long accountId, List<String> hashes, Instant now) {
        deleteAll(accountId);
        for (String hash : hashes) {
            jdbc.sql("INSERT INTO mfa_recovery_code (account_id, code_hash, created_at) VALUES (?, ?, ?)")
                    .params(accountId, hash, Timestamp.from(now))
                    .update();
        }
    }

    public void deleteAll(long accountId) {
        jdbc.sql("DELETE FROM mfa_recovery_code WHERE account_id = ?").param(accountId).update();
    }

    public void deleteAllOf(java.util.Collection<Long> accountIds) {
        jdbc.sql("DELETE FROM mfa_recovery_code WHERE account_id IN (:ids)").param("ids", accountIds).update();
    }

    /** Every code of the set in issue order, a used one as a null hash (RecoveryCodes skips those). */
    public List<StoredCode> all(long accountId) {
        return jdbc.sql("SELECT id, CASE WHEN used_at IS NULL THEN code_hash END FROM mfa_recovery_code WHERE account_id = ? ORDER BY id")
                .param(accountId)
                .query((rs, n) -> new StoredCode(rs.getLong(1), rs.getString(2)))
                .list();
    }

    /** Marks a code used; false when another request used it first. */
    public boolean use(long codeId, Instant now) {
        return jdbc.sql("UPDATE mfa_recovery_code SET used_at = ? WHERE id = ? AND used_at IS NULL")
                .params(Timestamp.from(now), codeId)
                .update() == 1;
    }

    public int countUnused(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id = ? AND used_at IS NULL")
                .param(accountId)
                .query(Integer.class)
                .single();
    }

    public record StoredCode(long id, String hash) {
    }
}
