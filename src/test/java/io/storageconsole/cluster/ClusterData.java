package io.storageconsole.cluster;

import io.storageconsole.mfa.service.SecretCipher;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;

/**
 * Organizations and accounts written straight into the cluster, as the console itself stores them
 * (Argon2id password hash, TOTP secret encrypted under the nodes' MFA key), so that each case
 * starts from fresh data of its own.
 */
final class ClusterData {

    static final String PASSWORD = "Cluster-Passw0rd!";
    private static final String ARGON2 = "argon2@SpringSecurity_v5_8";

    private final JdbcClient db;
    private final SecretCipher cipher;
    /** One hash for every test account: Argon2 is slow by design, and a salt shared by test accounts harms nobody. */
    private final String passwordHash;

    ClusterData(JdbcClient db, String mfaKeys) {
        this.db = db;
        this.cipher = SecretCipher.fromSpec(mfaKeys);
        this.passwordHash = new DelegatingPasswordEncoder(ARGON2,
                Map.of(ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8())).encode(PASSWORD);
    }

    /** A new organization and its root user, who may sign in with {@link #PASSWORD}. */
    Person newOrganization(String label) {
        Timestamp now = Timestamp.from(Instant.now());
        long organization = insert("INSERT INTO organization (name, created_at) VALUES (?, ?)",
                label + " " + UUID.randomUUID().toString().substring(0, 8), now);
        return newAccount(organization, "ROOT", label);
    }

    /** A sub-user of the root's organization with console access. */
    Person newSubUser(Person root, String label) {
        return newAccount(root.organizationId(), "SUB_USER", label);
    }

    /** Turns MFA on for the account with a fresh authenticator; returns its secret (base32). */
    String enableMfa(Person person) {
        String secret = new dev.samstevens.totp.secret.DefaultSecretGenerator().generate();
        Timestamp now = Timestamp.from(Instant.now());
        db.sql("INSERT INTO mfa_credential (account_id, encrypted_secret, created_at, activated_at) VALUES (?, ?, ?, ?)")
                .params(person.accountId(), cipher.encrypt(secret, person.accountId()), now, now).update();
        db.sql("UPDATE account SET mfa_state = 'ACTIVE', version = version + 1 WHERE id = ?").param(person.accountId()).update();
        return secret;
    }

    private Person newAccount(long organization, String role, String label) {
        String email = label.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "@cluster.example.com";
        long id = insert("INSERT INTO account (organization_id, email, role, password_hash, console_access, created_at) "
                + "VALUES (?, ?, ?, ?, TRUE, ?)", organization, email, role, passwordHash, Timestamp.from(Instant.now()));
        return new Person(id, organization, email);
    }

    private long insert(String sql, Object... params) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        db.sql(sql).params(params).update(key);
        return key.getKey().longValue();
    }

    record Person(long accountId, long organizationId, String email) {
    }
}
