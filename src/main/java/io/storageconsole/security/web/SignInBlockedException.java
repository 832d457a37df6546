package io.storageconsole.security.web;

import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/** Sign-in refused because this IP address failed too often for this account. */
public class SignInBlockedException extends AuthenticationException {

    private final Instant blockedUntil;

    public SignInBlockedException(Instant blockedUntil) {
        super("Sign-in from this address is blocked for this account");
        this.blockedUntil = blockedUntil;
    }

    public Instant blockedUntil() {
        return blockedUntil;
    }
}
