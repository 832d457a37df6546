package io.storageconsole.notification.service;

import io.storageconsole.notification.domain.OutboxBatch;
import io.storageconsole.notification.domain.OutboxMail;
import io.storageconsole.notification.domain.OutboxMailRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues mail in the caller's transaction: it is sent if and only if the change that caused it
 * commits. Sent mail and dead letters are deleted once they are older than the retention period.
 */
// Created at start-up although beans are lazy (application.properties): its @Scheduled purge must run.
@Lazy(false)
@Service
public class MailOutbox {

    /** Rows per DELETE: small transactions, as Galera replicates each one as a whole. */
    private static final int PURGE_BATCH = 1000;

    private final OutboxMailRepository mails;
    private final OutboxBatch batches;
    private final OutboxProperties properties;
    private final Clock clock;

    MailOutbox(OutboxMailRepository mails, OutboxBatch batches, OutboxProperties properties, Clock clock) {
        this.mails = mails;
        this.batches = batches;
        this.properties = properties;
        this.clock = clock;
    }

    /** A mail to queue: its recipient, subject and body. */
    public record Mail(String recipient, String subject, String body) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String recipient, String subject, String body) {
        mails.save(new OutboxMail(recipient, subject, body, clock.instant()));
    }

    /** The same for a mail that carries a one-time code: its body is erased once it is delivered. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueueErasedWhenSent(String recipient, String subject, String body) {
        mails.save(OutboxMail.erasedWhenSent(recipient, subject, body, clock.instant()));
    }

    /** Queues many mails with one multi-row insert, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueueAll(List<Mail> batch) {
        Instant now = clock.instant();
        batches.insert(batch.stream().map(mail -> new OutboxMail(mail.recipient(), mail.subject(), mail.body(), now)).toList(), now);
    }

    /** Deletes sent mail and dead letters past the retention period, a batch per statement; returns how many. */
    @Scheduled(fixedDelayString = "${console.mail.purge-interval}", initialDelayString = "${console.mail.purge-interval}")
    public int purge() {
        Instant before = clock.instant().minus(properties.retention());
        int purged = 0;
        int deleted;
        do {
            deleted = mails.deleteSentBefore(before, PURGE_BATCH);
            purged += deleted;
        } while (deleted == PURGE_BATCH);
        do {
            deleted = mails.deleteDeadBefore(before, PURGE_BATCH);
            purged += deleted;
        } while (deleted == PURGE_BATCH);
        return purged;
    }
}
