package io.storageconsole.account.service;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The email rules of the console: plain ASCII addresses (what our mail relay and every IAM console
 * accept), at most 254 characters, compared without regard to case.
 */
public final class EmailAddresses {

    public static final int MAX_LENGTH = 254;

    private static final Pattern VALID = Pattern.compile(
            "^[A-Za-z0-9!#$%&*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private EmailAddresses() {
    }

    public static String normalize(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    /** The message a form shows for this address, or null when it is acceptable. */
    public static String problemWith(String email) {
        String normalized = normalize(email);
        if (normalized.isEmpty()) {
            return "Enter an email address.";
        }
        if (normalized.length() > MAX_LENGTH) {
            return "An email address has at most " + MAX_LENGTH + " characters.";
        }
        if (!VALID.matcher(normalized).matches()) {
            return "Enter a valid email address, such as name@example.com.";
        }
        return null;
    }
}
