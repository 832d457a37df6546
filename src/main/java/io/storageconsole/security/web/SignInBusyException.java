package io.storageconsole.security.web;

import org.springframework.security.core.AuthenticationException;

/** Sign-in answered "busy, try again": no password hash came free in time, and nothing was checked or counted. */
public class SignInBusyException extends AuthenticationException {

    public SignInBusyException() {
        super("Too many sign-ins are being checked at once");
    }
}
