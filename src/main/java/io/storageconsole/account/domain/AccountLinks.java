package io.storageconsole.account.domain;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single-use links by email, stored by the hash of their token only (V120). */
@Repository
public class AccountLinks {

    /** What a link is for; a link of one purpose never serves another. */
    public enum Purpose { PASSWORD_RESET, INVITATION }

    private final JdbcClient jdbc;

    AccountLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(long accountId, Purpose purpose, String tokenHash, Instant createdAt, Instant expiresAt) {
        jdbc.sql("INSERT INTO account_link (token_hash, account_id, purpose, created_at, expires_at) "
                        + "VALUES (:hash, :account, :purpose, :created, :expires)")
                .param("hash", tokenHash).param("account", accountId).param("purpose", purpose.name())
                .param("created", Timestamp.from(createdAt)).param("expires", Timestamp.from(expiresAt))
                .update();
    }

    /** The account of a link that is unused and unexpired at {@code now}, locked for this transaction. */
    public Optional<Long> findUsable(String tokenHash, Purpose purpose, Instant now) {
        return jdbc.sql("SELECT account_id FROM account_link WHERE token_hash = :hash AND purpose = :purpose "
                        + "AND used_at IS NULL AND expires_at > :now FOR UPDATE")
                .param("hash", tokenHash).param("purpose", purpose.name()).param("now", Timestamp.from(now))
                .query(Long.class).optional();
    }

    /** The same, without a lock: to tell the person before they type a password. */
    public Optional<Long> findUsableUnlocked(String tokenHash, Purpose purpose, Instant now) {
        return jdbc.sql("SELECT account_id FROM account_link WHERE token_hash = :hash AND purpose = :purpose "
                        + "AND used_at IS NULL AND expires_at > :now")
                .param("hash", tokenHash).param("purpose", purpose.name()).param("now", Timestamp.from(now))
                .query(Long.class).optional();
    }

    /** Marks the link used; false if it was used (or expired) meanwhile. */
    public boolean use(String tokenHash, Purpose purpose, Instant now) {
        return jdbc.sql("UPDATE account_link SET used_at = :now WHERE token_hash = :hash AND purpose = :purpose "
                        + "AND used_at IS NULL AND expires_at > :now")
                .param("hash", tokenHash).param("purpose", purpose.name()).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Every other unused link of the account for this purpose stops working (a newer one was sent, or one was used). */
    public void voidOthers(long accountId, Purpose purpose, Instant now) {
        jdbc.sql("UPDATE account_link SET used_at = :now WHERE account_id = :account AND purpose = :purpose AND used_at IS NULL")
                .param("now", Timestamp.from(now)).param("account", accountId).param("purpose", purpose.name())
                .update();
    }
}
