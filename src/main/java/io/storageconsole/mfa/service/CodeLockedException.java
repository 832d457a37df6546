package io.storageconsole.mfa.service;

import io.storageconsole.base.text.Times;
import java.time.Instant;

/** Codes are refused for this account until {@link #lockedUntil()}; the message says when to try again. */
public class CodeLockedException extends RuntimeException {

    private final Instant lockedUntil;

    public CodeLockedException(Instant lockedUntil, Instant now) {
        super(message(lockedUntil, now));
        this.lockedUntil = lockedUntil;
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    private static String message(Instant lockedUntil, Instant now) {
        long minutes = Times.minutesUntil(now, lockedUntil);
        return "Too many wrong codes. For your security, codes are refused for " + minutes + " more minute"
                + (minutes == 1 ? "" : "s") + ". Try again at " + Times.clock(lockedUntil) + ".";
    }
}
