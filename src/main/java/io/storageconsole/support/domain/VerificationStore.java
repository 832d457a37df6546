package io.storageconsole.support.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The support_verification table (V081): codes by their hashes, used once by a conditional UPDATE. */
@Repository
public class VerificationStore {

    private static final String COLUMNS = "id, account_id, code_salt, code_hash, sent_by, sent_at, expires_at, voided_at, "
            + "used_at, verified_by";

    private final JdbcClient jdbc;

    VerificationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new code for the account and voids its earlier unused ones: one code works at a time. */
    public long replaceCode(long accountId, String salt, String hash, long sentBy, Instant now, Instant expiresAt) {
        jdbc.sql("UPDATE support_verification SET voided_at = ? WHERE account_id = ? AND used_at IS NULL AND voided_at IS NULL")
                .params(Timestamp.from(now), accountId).update();
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO support_verification (account_id, code_salt, code_hash, sent_by, sent_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(accountId, salt, hash, sentBy, Timestamp.from(now), Timestamp.from(expiresAt))
                .update(keys);
        return keys.getKey().longValue();
    }

    /** The code waiting to be read back for the account: the newest one, unused, not void, not expired. */
    public Optional<VerificationCode> findWaiting(long accountId, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_verification WHERE account_id = ? AND used_at IS NULL "
                        + "AND voided_at IS NULL AND expires_at > ? ORDER BY sent_at DESC, id DESC LIMIT 1")
                .params(accountId, Timestamp.from(now)).query(VerificationStore::row).optional();
    }

    /** The account's latest verified identity check since {@code since}. */
    public Optional<VerificationCode> findVerifiedSince(long accountId, Instant since) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_verification WHERE account_id = ? AND used_at > ? "
                        + "ORDER BY used_at DESC, id DESC LIMIT 1")
                .params(accountId, Timestamp.from(since)).query(VerificationStore::row).optional();
    }

    /** The latest identity check of the account made by this support member since {@code since}. */
    public Optional<VerificationCode> findVerifiedBySince(long accountId, long verifiedBy, Instant since) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_verification WHERE account_id = ? AND verified_by = ? "
                        + "AND used_at > ? ORDER BY used_at DESC, id DESC LIMIT 1")
                .params(accountId, verifiedBy, Timestamp.from(since)).query(VerificationStore::row).optional();
    }

    public Optional<VerificationCode> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_verification WHERE id = ?")
                .param(id).query(VerificationStore::row).optional();
    }

    /**
     * Uses the code to record a verified identity: only while it is unused, not void and not
     * expired, so it works once on every node. False when another request used it first.
     */
    public boolean use(long id, long verifiedBy, Instant now) {
        return jdbc.sql("UPDATE support_verification SET used_at = ?, verified_by = ? WHERE id = ? AND used_at IS NULL "
                        + "AND voided_at IS NULL AND expires_at > ?")
                .params(Timestamp.from(now), verifiedBy, id, Timestamp.from(now)).update() == 1;
    }

    /** Makes an unused code unusable (too many wrong tries). */
    public void voidCode(long id, Instant now) {
        jdbc.sql("UPDATE support_verification SET voided_at = ? WHERE id = ? AND used_at IS NULL AND voided_at IS NULL")
                .params(Timestamp.from(now), id).update();
    }

    private static VerificationCode row(ResultSet rs, int n) throws SQLException {
        return new VerificationCode(rs.getLong("id"), rs.getLong("account_id"), rs.getString("code_salt"),
                rs.getString("code_hash"), rs.getLong("sent_by"), SupportRequestStore.instant(rs.getTimestamp("sent_at")),
                SupportRequestStore.instant(rs.getTimestamp("expires_at")),
                SupportRequestStore.instant(rs.getTimestamp("voided_at")),
                SupportRequestStore.instant(rs.getTimestamp("used_at")), rs.getObject("verified_by", Long.class));
    }
}
