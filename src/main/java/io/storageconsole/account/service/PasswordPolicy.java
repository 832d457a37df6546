package io.storageconsole.account.service;

import io.storageconsole.base.service.FieldErrors;
import java.util.Objects;

/**
 * The account password policy of PRODUCT.md: at least 8 characters with a lower-case letter, an
 * upper-case letter, a digit and a special character. The upper bound keeps hashing cheap and
 * refuses pasted novels.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    public static final String DESCRIPTION = "Use " + MIN_LENGTH + " to " + MAX_LENGTH
            + " characters with a lower-case letter, an upper-case letter, a digit and a special character.";

    private PasswordPolicy() {
    }

    public static boolean isSatisfiedBy(String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean special = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c > ' ' && c < 127) {
                special = true;
            }
        }
        return lower && upper && digit && special;
    }

    /** The message a form shows for a new password, or null when the policy is met. */
    public static String problemWith(String password) {
        if (password == null || password.isEmpty()) {
            return "Enter a password.";
        }
        return isSatisfiedBy(password) ? null : DESCRIPTION;
    }

    /**
     * Refuses, on the fields "newPassword" and "confirmation", a new password set by a link (a
     * forgotten password, an invitation): missing, against the policy, or unlike its confirmation.
     */
    static void requireNewPassword(String newPassword, String confirmation) {
        FieldErrors errors = new FieldErrors();
        if (newPassword == null || newPassword.isBlank()) {
            errors.add("newPassword", "Enter a new password.");
        } else if (!isSatisfiedBy(newPassword)) {
            errors.add("newPassword", DESCRIPTION);
        } else if (!Objects.equals(newPassword, confirmation)) {
            errors.add("confirmation", "The new password and its confirmation differ.");
        }
        errors.throwIfAny();
    }
}
