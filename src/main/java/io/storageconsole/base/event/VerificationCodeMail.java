package io.storageconsole.base.event;

import java.time.Instant;

/**
 * A one-time code that support asks the owner of an account to read back, to be mailed to the
 * account's address. Published in the transaction that stores the code's hash; the notification
 * feature listens. Unlike a {@link SecurityEvent} it is never audited: it carries the code.
 *
 * @param recipient the account's address, never one the caller typed
 * @param expiresAt when the code stops working
 */
public record VerificationCodeMail(String recipient, String code, Instant expiresAt) {

    @Override
    public String toString() {
        return "VerificationCodeMail[recipient=" + recipient + ", code=hidden, expiresAt=" + expiresAt + "]";
    }
}
