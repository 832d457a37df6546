package io.storageconsole.notification.service;

import io.storageconsole.notification.domain.OutboxMail;
import io.storageconsole.notification.domain.OutboxMailRepository;
import java.time.Clock;
import java.time.Instant;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues mail in the caller's transaction: it is sent if and only if the change that caused it
 * commits. Sent mail and dead letters are deleted once they are older than the retention period.
 */
@Service
public class MailOutbox {

    /** Rows per DELETE: small transactions, as Galera replicates each one as a whole. */
    private static final int PURGE_BATCH = 1000;

    private final OutboxMailRepository mails;
    private final OutboxProperties properties;
    private final Clock clock;

    MailOutbox(OutboxMailRepository mails, OutboxProperties properties, Clock clock) {
        this.mails = mails;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String recipient, String subject, String body) {
        mails.save(new OutboxMail(recipient, subject, body, clock.instant()));
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
