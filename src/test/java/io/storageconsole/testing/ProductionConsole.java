package io.storageconsole.testing;

import io.storageconsole.base.database.EmbeddedMariaDb;
import io.storageconsole.mfa.service.SecretCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The production jar running in the {@code prod} profile against a MariaDB server of its own,
 * started for it (a second one, apart from the test context's): what an operator runs. Seeds data
 * straight into that database, as the console itself stores it.
 */
public final class ProductionConsole implements AutoCloseable {

    /** The stored form of an Argon2id hash, as the console's password encoder writes it. */
    public static final String ARGON2_PREFIX = "{argon2@SpringSecurity_v5_8}";

    private final EmbeddedMariaDb database;
    private final Path jar;
    private final Map<String, String> environment;
    private ProductionJar.Running process;
    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;

    private ProductionConsole(EmbeddedMariaDb database, Path jar, Map<String, String> environment,
                              ProductionJar.Running process, JdbcTemplate jdbc, SecretCipher cipher) {
        this.database = database;
        this.jar = jar;
        this.environment = environment;
        this.process = process;
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /**
     * Starts a MariaDB server with its files in {@code dataDir} and the jar on it; {@code environment}
     * adds to or overrides the console's (e.g. {@code PORT}); {@code jvmOptions} go before {@code -jar}.
     */
    public static ProductionConsole start(Path jar, Path dataDir, Map<String, String> environment, List<String> jvmOptions) {
        forgetIfMigrationsChanged(dataDir);
        EmbeddedMariaDb database = new EmbeddedMariaDb(dataDir, 0);
        database.start();
        try {
            String url = database.jdbcUrl("console");
            String keys = mfaKeys(dataDir);
            Map<String, String> env = new LinkedHashMap<>(Map.of(
                    "SPRING_PROFILES_ACTIVE", "prod",
                    "SPRING_DATASOURCE_URL", url,
                    "SPRING_DATASOURCE_USERNAME", EmbeddedMariaDb.USER,
                    "SPRING_DATASOURCE_PASSWORD", database.password(),
                    "CONSOLE_MFA_KEYS", keys));
            env.putAll(environment);
            ProductionJar.Running process = ProductionJar.start(jar, env, jvmOptions, Duration.ofMinutes(3));
            SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.mariadb.jdbc.Driver(), url, EmbeddedMariaDb.USER,
                    database.password());
            return new ProductionConsole(database, jar, Map.copyOf(env), process, new JdbcTemplate(dataSource), SecretCipher.fromSpec(keys));
        } catch (RuntimeException e) {
            database.stop();
            throw e;
        }
    }

    /**
     * A data folder is kept between runs (the load benchmark's data takes a while to make), but not
     * past a change of the migrations, which Flyway would refuse to validate.
     */
    private static void forgetIfMigrationsChanged(Path dataDir) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            try (var files = Files.list(Path.of("db/migration"))) {
                for (Path file : files.sorted().toList()) {
                    digest.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(file));
                }
            }
            String migrations = java.util.HexFormat.of().formatHex(digest.digest());
            Path stamp = dataDir.resolve("migrations.sha256");
            if (!Files.exists(stamp) || !Files.readString(stamp).equals(migrations)) {
                ProductionJar.deleteRecursively(dataDir);
                Files.createDirectories(dataDir);
                Files.writeString(stamp, migrations);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The MFA key of this data folder, made once: secrets stored in a reused database stay readable. */
    private static String mfaKeys(Path dataDir) {
        Path file = dataDir.resolve("console-mfa-keys");
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[SecretCipher.KEY_BYTES];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, "k1:" + Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    public ProductionJar.Running process() {
        return process;
    }

    /**
     * Stops the console and starts it again (same database, environment and port), with these JVM
     * options; returns the new process, whose {@code readyAfter} is its start-up time.
     */
    public ProductionJar.Running restart(Path jarToRun, List<String> jvmOptions) {
        process.close();
        Map<String, String> env = new LinkedHashMap<>(environment);
        process = ProductionJar.start(jarToRun == null ? jar : jarToRun, env, jvmOptions, Duration.ofMinutes(3));
        return process;
    }

    /** The environment the console runs with (datasource, profile, MFA key, port). */
    public Map<String, String> environment() {
        return environment;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** An Argon2id hash of {@code password} in the form the console stores. */
    public static String hash(String password) {
        return ARGON2_PREFIX + Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(password);
    }

    /** A new organization with its root user; returns the organization's id. */
    public long addOrganization(String name, String rootEmail, String passwordHash) {
        Timestamp now = Timestamp.from(Instant.now());
        org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("INSERT INTO organization (name, created_at) VALUES (?, ?)",
                    java.sql.Statement.RETURN_GENERATED_KEYS);
            insert.setString(1, name);
            insert.setTimestamp(2, now);
            return insert;
        }, key);
        long organizationId = key.getKey().longValue();
        addAccount(organizationId, rootEmail, "ROOT", passwordHash);
        return organizationId;
    }

    /** An account with console access (role ROOT or SUB_USER) of the organization; returns its id. */
    public long addAccount(long organizationId, String email, String role, String passwordHash) {
        jdbc.update("INSERT INTO account (organization_id, email, role, password_hash, console_access, mfa_state, created_at) "
                + "VALUES (?, ?, ?, ?, TRUE, 'OFF', ?)", organizationId, email, role, passwordHash, Timestamp.from(Instant.now()));
        return jdbc.queryForObject("SELECT id FROM account WHERE email = ?", Long.class, email);
    }

    /** Active MFA with this Base32 TOTP secret, encrypted with the console's key as enrolment would store it. */
    public void activateMfa(long accountId, String secret) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO mfa_credential (account_id, encrypted_secret, created_at, activated_at) VALUES (?, ?, ?, ?)",
                accountId, cipher.encrypt(secret, accountId), now, now);
        jdbc.update("UPDATE account SET mfa_state = 'ACTIVE' WHERE id = ?", accountId);
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            database.stop();
        }
    }
}
