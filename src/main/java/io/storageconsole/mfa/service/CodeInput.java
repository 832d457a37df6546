package io.storageconsole.mfa.service;

import java.util.Objects;

/**
 * What someone typed into a code field: either the normalized code, ready for a verifier, or the
 * message the form shows instead. Never throws on what a user can type.
 */
public final class CodeInput {

    /** Longer input is refused before it is looked at; no code comes near this. */
    static final int MAX_TYPED_LENGTH = 64;

    private final String code;
    private final String problem;

    private CodeInput(String code, String problem) {
        this.code = code;
        this.problem = problem;
    }

    /** A code from an authenticator app, with the number of digits the policy sets. */
    public static CodeInput ofTotpCode(String typed, TotpPolicy policy) {
        int digits = policy.digits();
        String ask = "Enter the " + digits + "-digit code from your authenticator app.";
        if (typed == null || typed.isBlank()) {
            return problem(ask);
        }
        if (typed.length() > MAX_TYPED_LENGTH) {
            return problem("That is too long for a code. " + ask);
        }
        StringBuilder normalized = new StringBuilder(digits);
        boolean onlyDigits = typed.codePoints().allMatch(c -> {
            // Apps show codes as "123 456" and copies carry no-break or thin spaces, so every space is dropped.
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return true;
            }
            // Phone keyboards and IMEs may send full-width or Arabic-Indic digits; they are the same digits.
            if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                normalized.append((char) ('0' + Character.digit(c, 10)));
                return true;
            }
            return false;
        });
        if (!onlyDigits) {
            return problem("Use digits only. " + ask);
        }
        if (normalized.length() != digits) {
            int count = normalized.length();
            return problem("You entered " + count + (count == 1 ? " digit. " : " digits. ") + ask);
        }
        return new CodeInput(normalized.toString(), null);
    }

    /** A recovery code in any case, with or without its dash; the code is handed on in canonical form. */
    public static CodeInput ofRecoveryCode(String typed) {
        if (typed == null || typed.isBlank()) {
            return problem("Enter one of your recovery codes.");
        }
        String canonical = RecoveryCodes.canonical(typed);
        if (canonical == null) {
            return problem("A recovery code has 10 letters and digits, such as abcde-12345."
                    + " Enter one of the codes you saved when you set up MFA.");
        }
        return new CodeInput(canonical, null);
    }

    public boolean isWellFormed() {
        return problem == null;
    }

    /** The normalized code; only call when {@link #isWellFormed()}. */
    public String code() {
        if (code == null) {
            throw new IllegalStateException("There is no code: " + problem);
        }
        return code;
    }

    /** The message for the form, or null when the code is well formed (as FieldErrors expects). */
    public String problem() {
        return problem;
    }

    /** Names no code: this object may end up in a log line. */
    @Override
    public String toString() {
        return isWellFormed() ? "CodeInput[well formed]" : "CodeInput[problem=" + problem + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodeInput input && Objects.equals(code, input.code)
                && Objects.equals(problem, input.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, problem);
    }

    private static CodeInput problem(String message) {
        return new CodeInput(null, message);
    }
}
