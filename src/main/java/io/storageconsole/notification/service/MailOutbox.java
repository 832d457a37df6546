package io.storageconsole.notification.service;

import io.storageconsole.notification.domain.OutboxMail;
import io.storageconsole.notification.domain.OutboxMailRepository;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Queues mail in the caller's transaction: it is sent if and only if the change that caused it commits. */
@Service
public class MailOutbox {

    private final OutboxMailRepository mails;
    private final Clock clock;

    MailOutbox(OutboxMailRepository mails, Clock clock) {
        this.mails = mails;
        this.clock = clock;
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
}
