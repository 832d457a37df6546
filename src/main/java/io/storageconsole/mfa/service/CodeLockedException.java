package io.storageconsole.mfa.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Codes are refused for this account until {@link #lockedUntil()}; the message says when to try again. */
public class CodeLockedException extends RuntimeException {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Instant lockedUntil;

    public CodeLockedException(Instant lockedUntil, Instant now) {
        super(message(lockedUntil, now));
        this.lockedUntil = lockedUntil;
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    private static String message(Instant lockedUntil, Instant now) {
        long minutes = Math.max(1, (Duration.between(now, lockedUntil).toSeconds() + 59) / 60);
        return "Too many wrong codes. For your security, codes are refused for " + minutes + " more minute"
                + (minutes == 1 ? "" : "s") + ". Try again at " + TIME.format(lockedUntil) + ".";
    }
}
