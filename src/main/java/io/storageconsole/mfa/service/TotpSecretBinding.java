package io.storageconsole.mfa.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Migration V042: re-encrypts every stored TOTP secret bound to its account (SecretCipher), so a
 * ciphertext copied onto another account no longer decrypts. A Flyway Java migration rather than a
 * start-up step: it runs exactly once, in order with the schema, under Flyway's lock when several
 * nodes start together, and its run is recorded in flyway_schema_history. It needs the encryption
 * keys, which live outside the database, so it is a Spring bean (Spring Boot hands such beans to
 * Flyway). See docs/decisions/0010-totp-secrets-bound-to-their-account.md.
 */
@Component
class TotpSecretBinding implements JavaMigration {

    private static final Logger log = LoggerFactory.getLogger(TotpSecretBinding.class);

    private final SecretCipher cipher;

    TotpSecretBinding(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("042");
    }

    @Override
    public String getDescription() {
        return "bind totp secrets to their accounts";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        rebind(context.getConnection());
    }

    /**
     * Re-encrypts every secret in mfa_credential that is not yet bound to its account; returns how
     * many. One that reads neither way (altered, or under a key no longer configured) is left as it
     * is: it fails at its next use as it would have before, and support resets it.
     */
    int rebind(Connection connection) throws SQLException {
        Map<Long, String> bound = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT account_id, encrypted_secret FROM mfa_credential");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long accountId = rows.getLong(1);
                unbound(rows.getString(2)).ifPresent(secret -> bound.put(accountId, cipher.encrypt(secret, accountId)));
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE mfa_credential SET encrypted_secret = ? WHERE account_id = ?")) {
            for (Map.Entry<Long, String> row : bound.entrySet()) {
                update.setString(1, row.getValue());
                update.setLong(2, row.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        return bound.size();
    }

    private Optional<String> unbound(String stored) {
        try {
            return Optional.of(cipher.decryptUnbound(stored));
        } catch (UnreadableSecretException notUnbound) {
            log.warn("A stored TOTP secret is bound already or unreadable; left as it is: {}", notUnbound.getMessage());
            return Optional.empty();
        }
    }
}
