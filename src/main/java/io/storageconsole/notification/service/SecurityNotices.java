package io.storageconsole.notification.service;

import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.event.SecurityEventType;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Decides which security events the account owner hears about, and in what words. */
@Component
class SecurityNotices {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private static final Map<SecurityEventType, Notice> NOTICES = Map.of(
            SecurityEventType.SIGN_IN_BLOCKED, new Notice(
                    "Sign-in to your account was blocked",
                    "Several sign-ins to your account failed from one network address, so we have blocked that address for a while."),
            SecurityEventType.PASSWORD_CHANGED, new Notice(
                    "Your password was changed",
                    "The password of your account was changed."));

    private final MailOutbox outbox;

    SecurityNotices(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    @Transactional
    void onSecurityEvent(SecurityEvent event) {
        Notice notice = NOTICES.get(event.type());
        if (notice == null || event.target() == null || event.target().email() == null) {
            return;
        }
        outbox.enqueue(event.target().email(), notice.subject(), body(notice, event));
    }

    private static String body(Notice notice, SecurityEvent event) {
        StringBuilder body = new StringBuilder()
                .append("Hello,\n\n")
                .append(notice.intro()).append("\n\n");
        if (event.details() != null) {
            body.append(event.details()).append("\n");
        }
        body.append("Time: ").append(TIME.format(event.occurredAt())).append("\n");
        if (event.origin().ip() != null) {
            body.append("IP address: ").append(event.origin().ip()).append("\n");
        }
        if (event.origin().userAgent() != null) {
            body.append("Browser: ").append(event.origin().userAgent()).append("\n");
        }
        body.append("\nIf this was not you, sign in and change your password, or contact our support team.\n");
        return body.toString();
    }

    private record Notice(String subject, String intro) {
    }
}
