package io.storageconsole.mfa.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM under a key kept outside the database. The stored
 * form {@code keyId:base64(iv || ciphertext || tag)} names its key, so a new current key can be
 * added while secrets written under older keys stay readable. The key id and the id of the account
 * the secret belongs to are authenticated with it: a ciphertext copied onto another account, or
 * relabelled to another key, fails its integrity check.
 */
public final class SecretCipher {

    public static final int KEY_BYTES = 32;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    });
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keysById;
    private final String currentKeyId;

    /**
     * @param keysById every key that may have encrypted a stored secret, 32 bytes each
     * @param currentKeyId the key that encrypts from now on
     */
    public SecretCipher(Map<String, byte[]> keysById, String currentKeyId) {
        Objects.requireNonNull(keysById, "keysById");
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        keysById.forEach((id, key) -> {
            requireKeyId(id);
            if (key == null || key.length != KEY_BYTES) {
                // The message gives the length only: key material must never reach a log.
                throw new IllegalArgumentException("MFA key '" + id + "' has "
                        + (key == null ? 0 : key.length) + " bytes; AES-256 needs " + KEY_BYTES);
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        });
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("The current MFA key '" + currentKeyId + "' is not among the keys");
        }
        this.keysById = Map.copyOf(keys);
        this.currentKeyId = currentKeyId;
    }

    /**
     * A cipher from a key spec such as {@code k1:BASE64KEY,k0:BASE64KEY}: the first key is current,
     * the others only decrypt. Whitespace around entries is ignored, so a key file may end in a newline.
     */
    public static SecretCipher fromSpec(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("No MFA encryption key is configured");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Each MFA key is written keyId:base64Key, separated by commas");
            }
            String id = trimmed.substring(0, colon);
            requireKeyId(id);
            byte[] key;
            try {
                key = Base64.getDecoder().decode(trimmed.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MFA key '" + id + "' is not valid Base64");
            }
            if (keys.put(id, key) != null) {
                throw new IllegalArgumentException("MFA key '" + id + "' appears twice");
            }
        }
        return new SecretCipher(keys, keys.keySet().iterator().next());
    }

    /** 32 random bytes for a new AES-256 key. */
    public static byte[] generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** One entry {@code keyId:base64Key} with a new key, to put in front of an existing spec when rotating. */
    public static String newKeySpec(String keyId) {
        requireKeyId(keyId);
        return keyId + ":" + Base64.getEncoder().encodeToString(generateKey());
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    /** Encrypts the secret of account {@code accountId}; only that account's decryption reads it. */
    public String encrypt(String plaintext, long accountId) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, currentKeyId, iv, boundTo(currentKeyId, accountId));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, stored, 0, IV_BYTES);
            System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
            return currentKeyId + ":" + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * The secret of account {@code accountId}.
     *
     * @throws UnreadableSecretException when the key is not configured, the text was altered, or it
     *                                   was encrypted for another account
     */
    public String decrypt(String stored, long accountId) {
        return decrypt(stored, boundTo(keyIdOf(stored), accountId));
    }

    /**
     * A secret stored before secrets were bound to their account (only the key id authenticated),
     * for the migration that binds them (V042).
     */
    String decryptUnbound(String stored) {
        String keyId = keyIdOf(stored);
        return decrypt(stored, keyId.getBytes(StandardCharsets.US_ASCII));
    }

    private String decrypt(String stored, byte[] associatedData) {
        String keyId = keyIdOf(stored);
        if (!keysById.containsKey(keyId)) {
            throw new UnreadableSecretException("This TOTP secret was encrypted with MFA key '" + keyId
                    + "', which is not configured; add that key back to the key spec");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(keyId.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("This encrypted TOTP secret is not valid Base64");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new UnreadableSecretException("This encrypted TOTP secret is too short to be genuine");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, keyId, Arrays.copyOf(bytes, IV_BYTES), associatedData);
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("This encrypted TOTP secret failed its integrity check: it was "
                    + "altered, belongs to another account, or the key '" + keyId + "' is not the one that encrypted it", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Names the key ids only. */
    @Override
    public String toString() {
        return "SecretCipher[current=" + currentKeyId + ", keys=" + keysById.keySet() + "]";
    }

    private Cipher cipher(int mode, String keyId, byte[] iv, byte[] associatedData) throws GeneralSecurityException {
        // One per thread, initialised anew for each use (a fresh IV each time): no provider look-up per code step.
        Cipher cipher = CIPHERS.get();
        cipher.init(mode, keysById.get(keyId), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(associatedData);
        return cipher;
    }

    /** "k1/account/42": the key id (no relabelling to another key) and the owner (no copying to another account). */
    private static byte[] boundTo(String keyId, long accountId) {
        return (keyId + "/account/" + accountId).getBytes(StandardCharsets.US_ASCII);
    }

    private static String keyIdOf(String stored) {
        int colon = stored == null ? -1 : stored.indexOf(':');
        // Checked before it is quoted in a message, so a stray plaintext never reaches a log.
        if (colon < 0 || !KEY_ID.matcher(stored.substring(0, colon)).matches()) {
            throw new UnreadableSecretException("This is not an encrypted TOTP secret: it has no key id");
        }
        return stored.substring(0, colon);
    }

    private static void requireKeyId(String id) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("An MFA key id is 1 to 32 letters, digits, '.', '_' or '-'");
        }
    }
}
