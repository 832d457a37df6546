package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MfaKeysTest {

    private static final long ACCOUNT = 7;

    @Test
    void production_refuses_to_start_without_a_configured_key(@TempDir Path dataDir) {
        assertThatThrownBy(() -> MfaKeys.load("", true, dataDir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CONSOLE_MFA_KEYS");
        assertThat(dataDir.resolve(MfaKeys.KEY_FILE)).doesNotExist();
    }

    @Test
    void the_laptop_default_generates_a_key_file_once_and_reuses_it(@TempDir Path dataDir) throws Exception {
        SecretCipher first = MfaKeys.load("", false, dataDir);
        String encrypted = first.encrypt("JBSWY3DPEHPK3PXP", ACCOUNT);

        SecretCipher second = MfaKeys.load(null, false, dataDir);

        assertThat(second.decrypt(encrypted, ACCOUNT)).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(Files.readString(dataDir.resolve(MfaKeys.KEY_FILE))).startsWith("k1:");
    }

    @Test
    void a_configured_key_wins_over_the_key_file(@TempDir Path dataDir) {
        String spec = SecretCipher.newKeySpec("k7");

        SecretCipher cipher = MfaKeys.load(spec, true, dataDir);

        assertThat(cipher.currentKeyId()).isEqualTo("k7");
        assertThat(dataDir.resolve(MfaKeys.KEY_FILE)).doesNotExist();
    }
}
