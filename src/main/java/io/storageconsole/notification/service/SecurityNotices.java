package io.storageconsole.notification.service;

import io.storageconsole.base.text.Times;
import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.event.SecurityEventBatch;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.service.AttemptLimiter;
import io.storageconsole.security.service.AttemptPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Decides which security events the account owner hears about, and in what words. */
@Component
class SecurityNotices {

    private static final Map<SecurityEventType, Notice> NOTICES = Map.ofEntries(
            Map.entry(SecurityEventType.MFA_ENROLMENT_STARTED, new Notice(
                    "Multi-factor authentication set-up started",
                    "Multi-factor authentication was turned on for your account. It becomes active once a code from your authenticator app is confirmed.")),
            Map.entry(SecurityEventType.MFA_ACTIVATED, new Notice(
                    "Multi-factor authentication is active",
                    "Multi-factor authentication is now active on your account: every sign-in asks for a code from your authenticator app.")),
            Map.entry(SecurityEventType.MFA_TURNED_OFF, new Notice(
                    "Multi-factor authentication was turned off",
                    "Multi-factor authentication was turned off for your account. Sign-in now asks for your email and password only.")),
            Map.entry(SecurityEventType.MFA_RESET, new Notice(
                    "Multi-factor authentication was reset",
                    "Multi-factor authentication was reset for your account. At your next sign-in you will set it up again with your authenticator app.")),
            Map.entry(SecurityEventType.MFA_RECOVERY_CODE_USED, new Notice(
                    "A recovery code was used to sign in",
                    "A recovery code was used to sign in to your account. Each code works once.")),
            Map.entry(SecurityEventType.MFA_RECOVERY_CODES_REGENERATED, new Notice(
                    "New recovery codes were created",
                    "New recovery codes were created for your account; the old ones no longer work.")),
            Map.entry(SecurityEventType.MFA_CODE_FAILED, new Notice(
                    "A wrong MFA code was entered",
                    "A wrong code from an authenticator app was entered for your account. Further wrong codes in the "
                            + "next 15 minutes are not mailed one by one; if they lock your codes, we tell you.")),
            Map.entry(SecurityEventType.MFA_REQUIRED_BY_ROOT, new Notice(
                    "Multi-factor authentication was turned on for you",
                    "The root user of your organization turned on multi-factor authentication for your account. At your next sign-in you will set it up with an authenticator app.")),
            Map.entry(SecurityEventType.MFA_LOCKED, new Notice(
                    "MFA codes are locked for a while",
                    "Too many wrong MFA codes were entered for your account, so codes are refused for a while.")),
            Map.entry(SecurityEventType.SIGN_IN_BLOCKED, new Notice(
                    "Sign-in to your account was blocked",
                    "Several sign-ins to your account failed from one network address, so we have blocked that address for a while.")),
            Map.entry(SecurityEventType.PASSWORD_CONFIRMATION_LOCKED, new Notice(
                    "Wrong passwords were entered in a signed-in session",
                    "Someone signed in to your account entered several wrong passwords where a sensitive change asked "
                            + "for it again, so such changes are refused for a while.")),
            Map.entry(SecurityEventType.PASSWORD_CHANGED, new Notice(
                    "Your password was changed",
                    "The password of your account was changed.")),
            Map.entry(SecurityEventType.SUPPORT_REQUEST_OPENED, new Notice(
                    "A support request was opened for your account",
                    "Someone who signed in with your password asked our support team for help with multi-factor "
                            + "authentication. Before changing anything, support emails a one-time code to this "
                            + "address and asks the person to read it back.",
                    "If this was not you, do not give that code to anyone: someone knows your password. "
                            + "Contact our support team.")),
            Map.entry(SecurityEventType.SUPPORT_REQUEST_UPDATED, new Notice(
                    "Your support request was updated",
                    "Someone who signed in with your password changed the description or contact details of the "
                            + "open support request of your account.",
                    "If this was not you, do not give any code from our support team to anyone: someone knows "
                            + "your password. Contact our support team.")),
            Map.entry(SecurityEventType.SUPPORT_REQUEST_CLOSED, new Notice(
                    "Your support request was closed",
                    "Our support team closed the support request of your account.",
                    "If you still need help, sign in and ask again from the multi-factor authentication step.")),
            Map.entry(SecurityEventType.MFA_CODES_UNLOCKED, new Notice(
                    "Support unlocked your MFA codes",
                    "Our support team lifted the lock on the MFA codes of your account: codes from your "
                            + "authenticator app are accepted again.")),
            Map.entry(SecurityEventType.SIGN_IN_BLOCKS_LIFTED, new Notice(
                    "Support lifted the sign-in blocks of your account",
                    "Our support team lifted the blocks on network addresses that had failed to sign in to your "
                            + "account several times.")),
            Map.entry(SecurityEventType.SUPPORT_SESSIONS_ENDED, new Notice(
                    "Support signed out sessions of your account",
                    "Our support team ended sessions of your account: those browsers must sign in again.")),
            Map.entry(SecurityEventType.SUPPORT_ACTION_REPORTED_TO_ROOT, new Notice(
                    "Support acted on a user of your organization",
                    "As the root user of your organization, you are told about every change our support team "
                            + "makes to the accounts of its users.",
                    "If you did not expect this, contact our support team and quote the ticket reference.")));

    /**
     * Notices that others can set off at will (wrong passwords and codes) go out at most once per
     * account and kind in this time; the audit log keeps every event all the same. Counted in the
     * publisher's transaction (no second connection; a rollback uses no slot), decision 0006.
     */
    private static final Set<SecurityEventType> THROTTLED = EnumSet.of(SecurityEventType.SIGN_IN_BLOCKED,
            SecurityEventType.MFA_CODE_FAILED, SecurityEventType.MFA_LOCKED, SecurityEventType.PASSWORD_CONFIRMATION_LOCKED);
    private static final AttemptPolicy ONE_A_QUARTER_HOUR = AttemptPolicy.fixed("notice", 1, Duration.ofMinutes(15),
            Duration.ofMinutes(15));

    private final MailOutbox outbox;
    private final AttemptLimiter limiter;

    SecurityNotices(MailOutbox outbox, AttemptLimiter limiter) {
        this.outbox = outbox;
        this.limiter = limiter;
    }

    @EventListener
    @Transactional
    void onSecurityEvent(SecurityEvent event) {
        MailOutbox.Mail mail = mailFor(event);
        if (mail != null) {
            outbox.enqueue(mail.recipient(), mail.subject(), mail.body());
        }
    }

    /** A batch (a bulk reset) queues its mails with one insert. */
    @EventListener
    @Transactional
    void onSecurityEvents(SecurityEventBatch batch) {
        outbox.enqueueAll(batch.events().stream().map(this::mailFor).filter(Objects::nonNull).toList());
    }

    private MailOutbox.Mail mailFor(SecurityEvent event) {
        Notice notice = NOTICES.get(event.type());
        if (notice == null || event.target() == null || event.target().email() == null) {
            return null;
        }
        if (THROTTLED.contains(event.type()) && event.target().id() != null
                && !limiter.countWithinTransaction(ONE_A_QUARTER_HOUR, event.type() + "/" + event.target().id())) {
            return null;
        }
        return new MailOutbox.Mail(event.target().email(), notice.subject(), body(notice, event));
    }

    private static String body(Notice notice, SecurityEvent event) {
        StringBuilder body = new StringBuilder()
                .append("Hello,\n\n")
                .append(notice.intro()).append("\n\n");
        if (event.details() != null) {
            body.append(event.details()).append("\n");
        }
        body.append("Time: ").append(Times.minute(event.occurredAt())).append("\n");
        if (event.origin().ip() != null) {
            body.append("IP address: ").append(event.origin().ip()).append("\n");
        }
        if (event.origin().userAgent() != null) {
            // Never the raw header: anyone can send any text as their User-Agent.
            body.append("Browser: ").append(event.origin().device()).append("\n");
        }
        body.append("\n").append(notice.closing()).append("\n");
        return body.toString();
    }

    private record Notice(String subject, String intro, String closing) {

        Notice(String subject, String intro) {
            this(subject, intro, "If this was not you, sign in and change your password, or contact our support team.");
        }
    }
}
