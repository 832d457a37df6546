package io.storageconsole.notification.service;

import io.storageconsole.notification.domain.OutboxMail;
import io.storageconsole.notification.domain.OutboxMailRepository;
import io.storageconsole.base.database.MultiRowInsert;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Queues mail in the caller's transaction: it is sent if and only if the change that caused it commits. */
@Service
public class MailOutbox {

    private static final List<String> COLUMNS = List.of("recipient", "subject", "body", "created_at", "next_attempt_at");

    private final OutboxMailRepository mails;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    MailOutbox(OutboxMailRepository mails, DataSource dataSource, Clock clock) {
        this.mails = mails;
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** A mail to queue: its recipient, subject and body. */
    public record Mail(String recipient, String subject, String body) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String recipient, String subject, String body) {
        mails.save(new OutboxMail(recipient, subject, body, clock.instant()));
    }

    /** Queues many mails with one multi-row insert, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueueAll(List<Mail> batch) {
        Timestamp now = Timestamp.from(clock.instant());
        MultiRowInsert.insert(jdbc, "mail_outbox", COLUMNS, batch.stream()
                .map(mail -> new Object[] {mail.recipient(), mail.subject(), mail.body(), now, now})
                .toList());
    }
}
