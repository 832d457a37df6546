package io.storageconsole.notification.service;

import io.storageconsole.base.event.VerificationCodeMail;
import io.storageconsole.base.text.Times;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mails the one-time code of support's identity check to the account's address, in the transaction
 * that stores its hash. The body, which holds the code, is erased from the outbox once delivered.
 */
@Component
class VerificationCodeNotices {

    static final String SUBJECT = "Your verification code for Storage Console support";

    private final MailOutbox outbox;

    VerificationCodeNotices(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    @Transactional
    void onVerificationCode(VerificationCodeMail mail) {
        outbox.enqueueErasedWhenSent(mail.recipient(), SUBJECT, """
                Hello,

                Our support team is checking that they are talking with the owner of this account. \
                Read this code to the support team member who asked for it:

                    %s

                It works once, until %s. Support never asks for your password or for a code from your \
                authenticator app.

                If you are not talking with our support team right now, do not give this code to anyone: \
                someone may be trying to get into your account. Ignore this mail, and change your password \
                when you can.
                """.formatted(mail.code(), Times.clock(mail.expiresAt())));
    }
}
