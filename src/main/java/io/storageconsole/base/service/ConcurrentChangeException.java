package io.storageconsole.base.service;

/**
 * A change refused because someone else changed or deleted the same thing since the caller read it
 * (optimistic locking). The message is meant for the person: the view shows it and reloads.
 */
public class ConcurrentChangeException extends RuntimeException {

    public ConcurrentChangeException(String message) {
        super(message);
    }
}
