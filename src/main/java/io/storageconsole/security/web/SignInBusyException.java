package io.storageconsole.security.web;

import org.springframework.security.core.AuthenticationException;

/**
 * Sign-in answered "busy, try again": no password hash came free in time, and nothing was checked or
 * counted; or the database stayed out of reach through every run of what the sign-in had to read or
 * write, in which case an attempt it had already counted stays counted (the safe side: a limit reached
 * a little early).
 */
public class SignInBusyException extends AuthenticationException {

    public SignInBusyException() {
        super("Too many sign-ins are being checked at once");
    }
}
