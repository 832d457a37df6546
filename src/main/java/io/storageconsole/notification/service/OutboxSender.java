package io.storageconsole.notification.service;

import io.storageconsole.notification.domain.OutboxMail;
import io.storageconsole.notification.domain.OutboxMailRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued mail through SMTP when {@code spring.mail.host} is set. Failures are retried with
 * a doubling wait; without a mail server the mail simply stays in the outbox.
 */
// Created at start-up although beans are lazy (application.properties): its @Scheduled task must run.
@Lazy(false)
@Component
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 20;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final OutboxMailRepository mails;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String from;
    private boolean warnedAboutMissingServer;

    OutboxSender(OutboxMailRepository mails, ObjectProvider<JavaMailSender> mailSender,
                 TransactionTemplate transactions, Clock clock,
                 @Value("${console.mail.from}") String from) {
        this.mails = mails;
        this.mailSender = mailSender;
        this.transactions = transactions;
        this.clock = clock;
        this.from = from;
    }

    @Scheduled(fixedDelayString = "${console.mail.poll-interval}", initialDelayString = "${console.mail.poll-interval}")
    void sendDue() {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            if (!warnedAboutMissingServer) {
                log.warn("No mail server is configured (spring.mail.host): mail stays in the outbox table");
                warnedAboutMissingServer = true;
            }
            return;
        }
        boolean moreMayBeDue;
        do {
            moreMayBeDue = Boolean.TRUE.equals(transactions.execute(status -> sendBatch(sender)));
        } while (moreMayBeDue);
    }

    /** Sends one batch; true when it was full and delivered something, so another batch may be due. */
    private boolean sendBatch(JavaMailSender sender) {
        Instant now = clock.instant();
        List<OutboxMail> due = mails.lockDue(now, BATCH);
        int delivered = 0;
        for (OutboxMail mail : due) {
            try {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(from);
                message.setTo(mail.getRecipient());
                message.setSubject(mail.getSubject());
                message.setText(mail.getBody());
                sender.send(message);
                mail.markSent(now);
                delivered++;
            } catch (MailException e) {
                Duration backoff = backoffAfter(mail.getAttempts() + 1);
                mail.markFailed(e.getMessage(), now, backoff);
                log.warn("Mail {} to the outbox recipient failed (attempt {}), next try in {}: {}",
                        mail.getId(), mail.getAttempts(), backoff, e.getMessage());
            }
            mails.save(mail);
        }
        return due.size() == BATCH && delivered > 0;
    }

    static Duration backoffAfter(int attempts) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }
}
