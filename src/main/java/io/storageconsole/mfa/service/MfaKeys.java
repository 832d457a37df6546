package io.storageconsole.mfa.service;

import io.storageconsole.base.file.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the key that encrypts TOTP secrets comes from: configuration in production; on a laptop, a
 * key file generated once in the data folder, beside (never inside) the database.
 */
final class MfaKeys {

    static final String KEY_FILE = "mfa-secret-keys";

    private MfaKeys() {
    }

    static SecretCipher load(String configuredSpec, boolean production, Path dataDir) {
        if (configuredSpec != null && !configuredSpec.isBlank()) {
            return SecretCipher.fromSpec(configuredSpec.strip());
        }
        if (production) {
            throw new IllegalStateException("console.mfa.keys (environment CONSOLE_MFA_KEYS) must be set in the prod "
                    + "profile: TOTP secrets are encrypted with a key kept outside the database. "
                    + "Generate one with: openssl rand -base64 32, and set CONSOLE_MFA_KEYS=k1:<that value>");
        }
        return SecretCipher.fromSpec(readOrCreateKeyFile(dataDir.resolve(KEY_FILE)));
    }

    private static String readOrCreateKeyFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return SecretFiles.readOrCreate(file, SecretCipher.newKeySpec("k1"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the MFA key file " + file, e);
        }
    }
}
