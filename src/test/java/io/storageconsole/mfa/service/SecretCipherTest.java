package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final long ACCOUNT = 42;

    private final byte[] oldKey = SecretCipher.generateKey();
    private final byte[] newKey = SecretCipher.generateKey();
    private final SecretCipher cipher = new SecretCipher(Map.of("k0", oldKey), "k0");

    @Test
    void a_secret_comes_back_unchanged_after_encryption() {
        String stored = cipher.encrypt(TOTP_SECRET, ACCOUNT);

        assertThat(stored).startsWith("k0:");
        assertThat(cipher.decrypt(stored, ACCOUNT)).isEqualTo(TOTP_SECRET);
    }

    @Property(tries = 200)
    void any_text_survives_the_round_trip(@ForAll String plaintext) {
        assertThat(cipher.decrypt(cipher.encrypt(plaintext, ACCOUNT), ACCOUNT)).isEqualTo(plaintext);
    }

    @Test
    void the_stored_form_never_contains_the_secret_even_after_base64_decoding() {
        String stored = cipher.encrypt(TOTP_SECRET, ACCOUNT);
        String decoded = new String(Base64.getDecoder().decode(stored.substring(3)), StandardCharsets.ISO_8859_1);

        assertThat(stored).doesNotContain(TOTP_SECRET);
        assertThat(decoded).doesNotContain(TOTP_SECRET);
    }

    @Test
    void encrypting_the_same_secret_twice_gives_different_texts_because_each_has_a_fresh_iv() {
        assertThat(cipher.encrypt(TOTP_SECRET, ACCOUNT)).isNotEqualTo(cipher.encrypt(TOTP_SECRET, ACCOUNT));
    }

    @Test
    void a_flipped_bit_anywhere_in_the_ciphertext_is_detected() {
        String stored = cipher.encrypt(TOTP_SECRET, ACCOUNT);
        byte[] bytes = Base64.getDecoder().decode(stored.substring(3));

        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 1;
            String altered = "k0:" + Base64.getEncoder().encodeToString(tampered);

            assertThatThrownBy(() -> cipher.decrypt(altered, ACCOUNT))
                    .isInstanceOf(UnreadableSecretException.class)
                    .hasMessageContaining("integrity check");
        }
    }

    @Test
    void a_truncated_or_garbled_text_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> cipher.decrypt("k0:AAAA", ACCOUNT)).isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> cipher.decrypt("k0:not base64!", ACCOUNT)).isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("not valid Base64");
        assertThatThrownBy(() -> cipher.decrypt(TOTP_SECRET, ACCOUNT)).isInstanceOf(UnreadableSecretException.class)
                .hasMessageNotContaining(TOTP_SECRET);
        assertThatThrownBy(() -> cipher.decrypt(null, ACCOUNT)).isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void old_secrets_still_decrypt_after_a_new_current_key_is_added() {
        String storedUnderOldKey = cipher.encrypt(TOTP_SECRET, ACCOUNT);
        SecretCipher rotated = new SecretCipher(Map.of("k1", newKey, "k0", oldKey), "k1");

        String storedUnderNewKey = rotated.encrypt(TOTP_SECRET, ACCOUNT);

        assertThat(rotated.decrypt(storedUnderOldKey, ACCOUNT)).isEqualTo(TOTP_SECRET);
        assertThat(storedUnderNewKey).startsWith("k1:");
        assertThat(storedUnderOldKey).startsWith("k0:");
    }

    @Test
    void a_secret_under_a_key_that_is_not_configured_names_the_missing_key() {
        SecretCipher newKeyOnly = new SecretCipher(Map.of("k1", newKey), "k1");
        String storedUnderOldKey = cipher.encrypt(TOTP_SECRET, ACCOUNT);

        assertThatThrownBy(() -> newKeyOnly.decrypt(storedUnderOldKey, ACCOUNT))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("'k0'")
                .hasMessageContaining("not configured");
    }

    @Test
    void relabelling_a_ciphertext_with_another_key_id_fails_because_the_id_is_authenticated() {
        SecretCipher sameKeyTwoIds = new SecretCipher(Map.of("k0", oldKey, "k9", oldKey), "k0");
        String stored = sameKeyTwoIds.encrypt(TOTP_SECRET, ACCOUNT);

        assertThatThrownBy(() -> sameKeyTwoIds.decrypt("k9" + stored.substring(2), ACCOUNT))
                .isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void a_secret_copied_onto_another_account_fails_its_integrity_check() {
        String storedForOne = cipher.encrypt(TOTP_SECRET, ACCOUNT);

        assertThatThrownBy(() -> cipher.decrypt(storedForOne, ACCOUNT + 1))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("integrity check");
    }

    @Test
    void a_secret_stored_before_secrets_were_bound_to_their_account_is_read_only_by_the_migration() throws Exception {
        String unbound = unboundCiphertext("k0", oldKey, TOTP_SECRET);

        assertThat(cipher.decryptUnbound(unbound)).isEqualTo(TOTP_SECRET);
        assertThatThrownBy(() -> cipher.decrypt(unbound, ACCOUNT)).isInstanceOf(UnreadableSecretException.class);
    }

    /** What SecretCipher wrote before V042: AES-GCM with only the key id authenticated. */
    static String unboundCiphertext(String keyId, byte[] key, String plaintext) throws Exception {
        byte[] iv = new byte[12];
        new java.security.SecureRandom().nextBytes(iv);
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, iv));
        aes.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
        byte[] sealed = aes.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] stored = new byte[iv.length + sealed.length];
        System.arraycopy(iv, 0, stored, 0, iv.length);
        System.arraycopy(sealed, 0, stored, iv.length, sealed.length);
        return keyId + ":" + Base64.getEncoder().encodeToString(stored);
    }

    @Test
    void a_spec_makes_its_first_key_current_and_keeps_the_others_for_decryption() {
        String spec = "k1:" + base64(newKey) + ", k0:" + base64(oldKey) + "\n";
        String storedUnderOldKey = cipher.encrypt(TOTP_SECRET, ACCOUNT);

        SecretCipher fromSpec = SecretCipher.fromSpec(spec);

        assertThat(fromSpec.currentKeyId()).isEqualTo("k1");
        assertThat(fromSpec.encrypt(TOTP_SECRET, ACCOUNT)).startsWith("k1:");
        assertThat(fromSpec.decrypt(storedUnderOldKey, ACCOUNT)).isEqualTo(TOTP_SECRET);
    }

    @Test
    void a_new_key_spec_entry_can_be_read_back_as_a_spec() {
        String entry = SecretCipher.newKeySpec("k2");

        assertThat(entry).startsWith("k2:");
        assertThat(SecretCipher.fromSpec(entry).currentKeyId()).isEqualTo("k2");
    }

    @Test
    void a_bad_spec_is_refused_without_echoing_key_material() {
        String shortKey = base64(new byte[16]);

        assertThatThrownBy(() -> SecretCipher.fromSpec(" ")).hasMessageContaining("No MFA encryption key");
        assertThatThrownBy(() -> SecretCipher.fromSpec("k1:" + shortKey))
                .hasMessageContaining("16 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> SecretCipher.fromSpec("k1:***")).hasMessageContaining("not valid Base64");
        assertThatThrownBy(() -> SecretCipher.fromSpec(base64(newKey))).hasMessageNotContaining(base64(newKey));
        assertThatThrownBy(() -> SecretCipher.fromSpec("k1:" + base64(newKey) + ",k1:" + base64(oldKey)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> SecretCipher.fromSpec("k 1:" + base64(newKey)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_current_key_must_be_one_of_the_keys() {
        assertThatThrownBy(() -> new SecretCipher(Map.of("k0", oldKey), "k1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_text_form_names_key_ids_but_no_key() {
        assertThat(cipher.toString()).contains("k0").doesNotContain(base64(oldKey));
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
