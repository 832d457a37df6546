package io.storageconsole.notification.domain;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

@Table("mail_outbox")
public class OutboxMail {

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
    private Instant deadAt;
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

    /** A mail whose body carries a one-time code: once delivered (or given up), the body is replaced by {@link #ERASED_BODY}. */
    public static OutboxMail erasedWhenSent(String recipient, String subject, String body, Instant now) {
        OutboxMail mail = new OutboxMail(recipient, subject, body, now);
        mail.eraseBodyWhenSent = true;
        return mail;
    }

    public static final String ERASED_BODY = "(Removed after delivery: it held a one-time code.)";

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

    /** When the mail was given up after too many failed attempts; null while it is still tried. */
    public Instant getDeadAt() {
        return deadAt;
    }
}
