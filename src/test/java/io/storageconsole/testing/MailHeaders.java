package io.storageconsole.testing;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** The headers of a received mail that tests compare, without the checked exception. */
public final class MailHeaders {

    private MailHeaders() {
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String from(MimeMessage message) {
        try {
            return message.getFrom()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every recipient address, as text. */
    public static java.util.List<String> recipients(MimeMessage message) {
        try {
            return java.util.Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
