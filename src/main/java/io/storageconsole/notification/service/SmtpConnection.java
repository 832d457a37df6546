package io.storageconsole.notification.service;

import io.storageconsole.notification.domain.OutboxMail;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMailMessage;

/**
 * One SMTP connection for the mails of one lease, so that each mail is recorded right after it went
 * out without a connection (and TLS handshake) per mail. Connect, read and write timeouts come from
 * {@code spring.mail.properties.mail.smtp.*timeout}.
 */
final class SmtpConnection implements AutoCloseable {

    private final JavaMailSenderImpl server;
    private final Transport transport;

    private SmtpConnection(JavaMailSenderImpl server, Transport transport) {
        this.server = server;
        this.transport = transport;
    }

    static SmtpConnection open(JavaMailSenderImpl server) throws MessagingException {
        Session session = server.getSession();
        String protocol = server.getProtocol() != null ? server.getProtocol()
                : session.getProperty("mail.transport.protocol") != null ? session.getProperty("mail.transport.protocol")
                : JavaMailSenderImpl.DEFAULT_PROTOCOL;
        Transport transport = session.getTransport(protocol);
        transport.connect(server.getHost(), server.getPort(), blankToNull(server.getUsername()),
                blankToNull(server.getPassword()));
        return new SmtpConnection(server, transport);
    }

    void send(OutboxMail mail, String from, Instant now) throws MessagingException {
        SimpleMailMessage text = new SimpleMailMessage();
        text.setFrom(from);
        text.setTo(mail.getRecipient());
        text.setSubject(mail.getSubject());
        text.setText(mail.getBody());
        text.setSentDate(Date.from(now));
        MimeMessage message = server.createMimeMessage();
        text.copyTo(new MimeMailMessage(message));
        message.saveChanges();
        transport.sendMessage(message, message.getAllRecipients());
    }

    /** Whether only this mail was refused (by the server, or its address): the connection is still good for the next. */
    static boolean refusedOnlyThisMail(MessagingException e) {
        return e instanceof SendFailedException || e instanceof AddressException;
    }

    /** The failure with what caused it, e.g. "Exception reading response: Read timed out". */
    static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        return root == e || root.getMessage() == null || message.contains(root.getMessage())
                ? message : message + ": " + root.getMessage();
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (MessagingException alreadyGone) {
            // The connection is dropped either way; the mails are recorded already.
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
