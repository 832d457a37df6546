package io.storageconsole.mfa.service;

/** A stored TOTP secret cannot be decrypted: its key is not configured, or the ciphertext was altered. */
public class UnreadableSecretException extends RuntimeException {

    UnreadableSecretException(String message) {
        super(message);
    }

    UnreadableSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
