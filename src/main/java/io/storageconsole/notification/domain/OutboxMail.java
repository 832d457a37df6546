package io.storageconsole.notification.domain;

import java.time.Duration;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

@Table("mail_outbox")
public class OutboxMail {

    private static final int MAX_ERROR = 500;

    @Id
    private Long id;
    private String recipient;
    private String subject;
    private String body;
    private Instant createdAt;
    private int attempts;
    private Instant nextAttemptAt;
    private Instant sentAt;
    private String lastError;
    private boolean eraseBodyWhenSent;
    @Version
    private Integer version;

    protected OutboxMail() {
    }

    public OutboxMail(String recipient, String subject, String body, Instant now) {
        this.recipient = recipient;
        this.subject = subject;
        this.body = body;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    /** A mail whose body carries a one-time code: once delivered, the body is replaced by {@link #ERASED_BODY}. */
    public static OutboxMail erasedWhenSent(String recipient, String subject, String body, Instant now) {
        OutboxMail mail = new OutboxMail(recipient, subject, body, now);
        mail.eraseBodyWhenSent = true;
        return mail;
    }

    public static final String ERASED_BODY = "(Removed after delivery: it held a one-time code.)";

    public void markSent(Instant now) {
        this.attempts++;
        this.sentAt = now;
        this.lastError = null;
        if (eraseBodyWhenSent) {
            this.body = ERASED_BODY;
        }
    }

    /** Records a failed delivery and schedules the next one after {@code backoff}. */
    public void markFailed(String error, Instant now, Duration backoff) {
        this.attempts++;
        this.lastError = error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        this.nextAttemptAt = now.plus(backoff);
    }

    public Long getId() {
        return id;
    }

    public String getRecipient() {
        return recipient;
    }

    public String getSubject() {
        return subject;
    }

    public String getBody() {
        return body;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public String getLastError() {
        return lastError;
    }
}
