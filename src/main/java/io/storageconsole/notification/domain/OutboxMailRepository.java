package io.storageconsole.notification.domain;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface OutboxMailRepository extends Repository<OutboxMail, Long> {

    OutboxMail save(OutboxMail mail);

    /** Locks the due mails so that two nodes never send the same one; others' locked rows are skipped. */
    @Query("SELECT * FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
    List<OutboxMail> lockDue(Instant now, int limit);

    @Query("SELECT * FROM mail_outbox WHERE recipient = :recipient ORDER BY id")
    List<OutboxMail> findByRecipient(String recipient);
}
