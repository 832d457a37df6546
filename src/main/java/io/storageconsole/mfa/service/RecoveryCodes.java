package io.storageconsole.mfa.service;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Single-use recovery codes: ten per set, shown once as {@code xxxxx-xxxxx}, stored only as hashes.
 * Each code is 10 characters of Crockford's Base32 alphabet (no i, l, o, u): 50 random bits.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;

    static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    static final int LENGTH = 10;

    // 50 bits fall to salted SHA-256 in about a GPU-day, so each guess is stretched by 2^14
    // PBKDF2-HMAC-SHA256 rounds (about 64 bits of work); one salt per set keeps a check to one derivation.
    private static final int ITERATIONS = 16_384;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final SecureRandom random = new SecureRandom();

    /** A new set: the codes to show the user once, and their hashes to store, in the same order. */
    public Issued issue() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        List<String> codes = new ArrayList<>(COUNT);
        List<String> hashes = new ArrayList<>(COUNT);
        while (codes.size() < COUNT) {
            String code = randomCode();
            if (!codes.contains(code)) {
                codes.add(code);
                hashes.add(SCHEME + "$" + ITERATIONS + "$" + base64(salt) + "$"
                        + base64(derive(canonical(code), salt, ITERATIONS)));
            }
        }
        return new Issued(List.copyOf(codes), List.copyOf(hashes));
    }

    /**
     * The index of the stored hash that the typed code matches, or empty. Typing is forgiving (any
     * case, dashes and spaces optional); null entries, such as spent codes, never match.
     */
    public OptionalInt verify(String typed, List<String> storedHashes) {
        String code = canonical(typed);
        if (code == null || storedHashes == null) {
            return OptionalInt.empty();
        }
        Map<String, byte[]> derivedBySaltAndRounds = new HashMap<>();
        OptionalInt matched = OptionalInt.empty();
        // Every hash is compared in constant time, with no early return, so timing shows no index.
        for (int i = 0; i < storedHashes.size(); i++) {
            String stored = storedHashes.get(i);
            if (stored == null) {
                continue;
            }
            StoredHash hash = StoredHash.parse(stored);
            byte[] derived = derivedBySaltAndRounds.computeIfAbsent(hash.iterations + "$" + base64(hash.salt),
                    key -> derive(code, hash.salt, hash.iterations));
            if (MessageDigest.isEqual(derived, hash.hash)) {
                matched = OptionalInt.of(i);
            }
        }
        return matched;
    }

    /**
     * The canonical form of a typed recovery code (10 lower-case characters of the alphabet), or null
     * when it cannot be one. Crockford's reading of o as 0 and i or l as 1 forgives misread characters.
     */
    static String canonical(String typed) {
        if (typed == null || typed.length() > CodeInput.MAX_TYPED_LENGTH) {
            return null;
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.DASH_PUNCTUATION) {
                continue;
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            char read = switch (lower) {
                case 'o' -> '0';
                case 'i', 'l' -> '1';
                default -> lower;
            };
            if (ALPHABET.indexOf(read) < 0) {
                return null;
            }
            code.append(read);
        }
        return code.length() == LENGTH ? code.toString() : null;
    }

    private String randomCode() {
        StringBuilder code = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    private static byte[] derive(String canonicalCode, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(canonicalCode.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A freshly issued set.
     *
     * @param codesToShow shown to the user once, never stored
     * @param hashesToStore stored, one per code, in the same order
     */
    public record Issued(List<String> codesToShow, List<String> hashesToStore) {

        /** Names no code: this object may end up in a log line. */
        @Override
        public String toString() {
            return "RecoveryCodes.Issued[" + codesToShow.size() + " codes]";
        }
    }

    /** {@code pbkdf2-sha256$iterations$salt$hash}, with the rounds stored so they can grow later. */
    private record StoredHash(int iterations, byte[] salt, byte[] hash) {

        static StoredHash parse(String stored) {
            String[] parts = stored.split("\\$", -1);
            try {
                int iterations = Integer.parseInt(parts[1]);
                if (parts.length != 4 || !SCHEME.equals(parts[0]) || iterations < 1 || iterations > MAX_ITERATIONS) {
                    throw new IllegalArgumentException("bad shape");
                }
                return new StoredHash(iterations, Base64.getDecoder().decode(parts[2]),
                        Base64.getDecoder().decode(parts[3]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("A stored recovery code hash is not in the "
                        + SCHEME + "$iterations$salt$hash form", e);
            }
        }
    }
}
