package io.storageconsole.base.event;

/**
 * A mail carrying a single-use link, to send at once and never store: the link's token exists only
 * in this mail and, hashed, in the database. Not a security event, which the audit log keeps.
 */
public record LinkMail(String recipient, String subject, String body) {

    @Override
    public String toString() {
        return "LinkMail[recipient=" + recipient + ", subject=" + subject + "]";
    }
}
