package io.storageconsole.notification.service;

import io.storageconsole.base.event.LinkMail;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends a mail with a single-use link straight to the mail server once the link is committed, not
 * through the outbox: the outbox keeps mail bodies in the database, and the token must exist there
 * only as a hash. A lost mail costs the person one more request; nothing else depends on it.
 */
@Service
class LinkMails {

    private static final Logger log = LoggerFactory.getLogger(LinkMails.class);

    private final ObjectProvider<JavaMailSender> mailServer;
    private final OutboxProperties properties;

    LinkMails(ObjectProvider<JavaMailSender> mailServer, OutboxProperties properties) {
        this.mailServer = mailServer;
        this.properties = properties;
    }

    // Off the request's thread: how long the mail server takes must not tell whether an address has an account.
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "link-mails");
        thread.setDaemon(true);
        return thread;
    });

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void send(LinkMail mail) {
        sender.execute(() -> deliver(mail));
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }

    private void deliver(LinkMail mail) {
        JavaMailSender server = mailServer.getIfAvailable();
        if (server == null) {
            log.warn("No mail server configured (spring.mail.host): a link mail to {} was not sent", mail.recipient());
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(mail.recipient());
        message.setSubject(mail.subject());
        message.setText(mail.body());
        try {
            server.send(message);
        } catch (MailException e) {
            // Never the body: it holds the token.
            log.warn("A link mail to {} could not be sent: {}", mail.recipient(), e.getClass().getSimpleName());
        }
    }
}
