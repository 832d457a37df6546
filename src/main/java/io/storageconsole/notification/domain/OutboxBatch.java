package io.storageconsole.notification.domain;

import io.storageconsole.base.database.MultiRowInsert;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Many queued mails with one multi-row insert (a bulk reset mails thousands of users). */
@Repository
public class OutboxBatch {

    private static final List<String> COLUMNS = List.of("recipient", "subject", "body", "created_at", "next_attempt_at");

    private final JdbcTemplate jdbc;

    OutboxBatch(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Queues each mail (recipient, subject, body) to be sent from {@code now} on. */
    public int insert(List<OutboxMail> mails, Instant now) {
        Timestamp at = Timestamp.from(now);
        return MultiRowInsert.insert(jdbc, "mail_outbox", COLUMNS, mails.stream()
                .map(mail -> new Object[] {mail.getRecipient(), mail.getSubject(), mail.getBody(), at, at})
                .toList());
    }
}
