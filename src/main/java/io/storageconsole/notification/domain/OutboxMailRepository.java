package io.storageconsole.notification.domain;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * The outbox table. Senders claim mail by lease, never by row lock: a lock taken with
 * {@code FOR UPDATE} holds on one Galera node only, while a conditional UPDATE is certified
 * cluster-wide, so of two nodes claiming one mail only one commits.
 */
public interface OutboxMailRepository extends Repository<OutboxMail, Long> {

    OutboxMail save(OutboxMail mail);

    /**
     * Leases up to {@code limit} due mails that nobody holds (or whose lease ran out) to {@code owner}
     * until {@code until}; the caller commits this before sending anything.
     */
    @Modifying
    @Query("""
            UPDATE mail_outbox SET lease_owner = :owner, lease_until = :until
            WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= :now
              AND (lease_until IS NULL OR lease_until <= :now)
            ORDER BY next_attempt_at, id LIMIT :limit""")
    int lease(String owner, Instant now, Instant until, int limit);

    @Query("SELECT * FROM mail_outbox WHERE lease_owner = :owner AND sent_at IS NULL AND dead_at IS NULL ORDER BY next_attempt_at, id")
    List<OutboxMail> findLeasedBy(String owner);

    /** Records a delivery, if the lease is still this owner's; 0 when it is not. */
    @Modifying
    @Query("UPDATE mail_outbox SET sent_at = :now, attempts = attempts + 1, last_error = NULL, "
            + "lease_owner = NULL, lease_until = NULL, "
            + "body = IF(erase_body_when_sent, '" + OutboxMail.ERASED_BODY + "', body) "
            + "WHERE id = :id AND lease_owner = :owner")
    int markSent(long id, String owner, Instant now);

    /** Records a failed delivery and when to try again, or that the mail is given up ({@code deadAt} set). */
    @Modifying
    @Query("UPDATE mail_outbox SET attempts = :attempts, last_error = :error, next_attempt_at = :nextAttemptAt, "
            + "dead_at = :deadAt, lease_owner = NULL, lease_until = NULL, "
            + "body = IF(erase_body_when_sent AND :deadAt IS NOT NULL, '" + OutboxMail.ERASED_BODY + "', body) "
            + "WHERE id = :id AND lease_owner = :owner")
    int markFailed(long id, String owner, int attempts, String error, Instant nextAttemptAt, Instant deadAt);

    /** Gives back the mails of a lease that will not be sent now, for anyone to claim at once. */
    @Modifying
    @Query("UPDATE mail_outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :owner AND sent_at IS NULL")
    int release(String owner);

    @Modifying
    @Query("DELETE FROM mail_outbox WHERE sent_at < :before LIMIT :limit")
    int deleteSentBefore(Instant before, int limit);

    @Modifying
    @Query("DELETE FROM mail_outbox WHERE sent_at IS NULL AND dead_at < :before LIMIT :limit")
    int deleteDeadBefore(Instant before, int limit);
}
