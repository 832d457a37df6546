package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The migrations on a real MariaDB started with {@code explicit_defaults_for_timestamp=OFF}, the
 * default up to 10.9 and a setting an operator may carry over: there the first TIMESTAMP NOT NULL
 * column of a table silently gains ON UPDATE CURRENT_TIMESTAMP. Up to V084 a session's created_at
 * moves at every activity, and a support request's opened_at when it is closed (seen here, so the
 * check can fail); from V085 on they stay.
 * A server of its own beside the test context's, as ProductionConsole starts one.
 */
class MigrationsOnOlderServerDefaultsTest {

    private static final Instant SIGNED_IN = Instant.parse("2026-03-01T08:00:00Z");
    private static final String UTC = "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";

    private static EmbeddedMariaDb server;
    private SingleConnectionDataSource dataSource;
    private JdbcClient jdbc;

    @BeforeAll
    static void startServer() {
        server = new EmbeddedMariaDb(Path.of("target/older-defaults-" + System.nanoTime()), 0,
                List.of("--explicit-defaults-for-timestamp=OFF"));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    /** A database of its own for each test, so each migrates from the start. */
    @BeforeEach
    void newDatabase(TestInfo test) {
        String name = "console_" + test.getTestMethod().orElseThrow().getName().substring(0, 12);
        dataSource = new SingleConnectionDataSource(server.jdbcUrl(name) + UTC, EmbeddedMariaDb.USER, server.password(), true);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterEach
    void closeDatabase() {
        dataSource.destroy();
    }

    @Test
    void created_at_moves_with_every_update_up_to_v084_and_stays_from_v085_on() {
        assertThat(jdbc.sql("SELECT @@explicit_defaults_for_timestamp").query(Integer.class).single()).isZero();
        migrate("084");
        long session = newSession("before");
        long request = newSupportRequest(accountOf(session));

        // Up to V084: the server gave the first TIMESTAMP column of each table ON UPDATE CURRENT_TIMESTAMP.
        recordActivityAt(session, Instant.parse("2026-03-02T09:30:00Z"));
        assertThat(createdAt(session)).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
        closeRequestAt(request, Instant.parse("2026-03-02T09:40:00Z"));
        assertThat(openedAt(request)).isEqualTo(Instant.parse("2026-03-02T09:40:00Z"));

        migrate(null);
        long afterwards = newSession("after");
        long laterRequest = newSupportRequest(accountOf(afterwards));
        recordActivityAt(afterwards, Instant.parse("2026-03-03T10:45:00Z"));
        recordActivityAt(session, Instant.parse("2026-03-03T10:45:00Z"));
        closeRequestAt(laterRequest, Instant.parse("2026-03-03T10:50:00Z"));

        assertThat(createdAt(afterwards)).isEqualTo(SIGNED_IN);
        assertThat(openedAt(laterRequest)).isEqualTo(SIGNED_IN);
        // The migration kept the instant it found (in UTC), and nothing moves it any more.
        assertThat(createdAt(session)).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
        assertThat(jdbc.sql("SELECT CONCAT(table_name, '.', column_name) FROM information_schema.columns "
                        + "WHERE table_schema = DATABASE() AND (data_type = 'timestamp' OR extra LIKE '%on update%') "
                        + "AND table_name <> 'flyway_schema_history'")
                .query(String.class).list()).isEmpty();
    }

    @Test
    void an_organization_has_one_root_user_at_most() {
        migrate(null);
        long organization = newOrganization("roots");
        insertAccount(organization, "first-root@roots.example.com", "ROOT");
        insertAccount(organization, "a-user@roots.example.com", "SUB_USER");
        insertAccount(organization, "another-user@roots.example.com", "SUB_USER");

        assertThatThrownBy(() -> insertAccount(organization, "second-root@roots.example.com", "ROOT"))
                .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("uq_account_one_root_per_organization");
    }

    private void migrate(String target) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        configuration.load().migrate();
    }

    private long newSession(String name) {
        long organization = newOrganization(name);
        long account = insertAccount(organization, name + "@older-defaults.example.com", "ROOT");
        jdbc.sql("INSERT INTO console_session (token_hash, account_id, created_at, last_active_at) VALUES (?, ?, ?, ?)")
                .params(name + "-token-hash", account, Timestamp.from(SIGNED_IN), Timestamp.from(SIGNED_IN)).update();
        return jdbc.sql("SELECT id FROM console_session WHERE token_hash = ?").param(name + "-token-hash")
                .query(Long.class).single();
    }

    private long accountOf(long session) {
        return jdbc.sql("SELECT account_id FROM console_session WHERE id = ?").param(session).query(Long.class).single();
    }

    private long newSupportRequest(long account) {
        jdbc.sql("INSERT INTO support_request (account_id, description, contact, opened_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(account, "Lost my phone", "+41 44 000 00 00", Timestamp.from(SIGNED_IN), Timestamp.from(SIGNED_IN))
                .update();
        return jdbc.sql("SELECT id FROM support_request WHERE account_id = ?").param(account).query(Long.class).single();
    }

    /** Support closes the request, at a moment the server's clock is set to. */
    private void closeRequestAt(long request, Instant at) {
        jdbc.sql("SET timestamp = " + at.getEpochSecond()).update();
        jdbc.sql("UPDATE support_request SET closed_at = ?, outcome = 'ANSWERED' WHERE id = ?")
                .params(Timestamp.from(at), request).update();
        jdbc.sql("SET timestamp = DEFAULT").update();
    }

    private Instant openedAt(long request) {
        return jdbc.sql("SELECT opened_at FROM support_request WHERE id = ?").param(request)
                .query(Timestamp.class).single().toInstant();
    }

    private long newOrganization(String name) {
        jdbc.sql("INSERT INTO organization (name, created_at) VALUES (?, ?)").params(name, Timestamp.from(SIGNED_IN)).update();
        return jdbc.sql("SELECT MAX(id) FROM organization").query(Long.class).single();
    }

    private long insertAccount(long organization, String email, String role) {
        jdbc.sql("INSERT INTO account (organization_id, email, role, created_at) VALUES (?, ?, ?, ?)")
                .params(organization, email, role, Timestamp.from(SIGNED_IN)).update();
        return jdbc.sql("SELECT id FROM account WHERE email = ?").param(email).query(Long.class).single();
    }

    /** An activity as the console records it, at a moment the server's clock is set to (no waiting). */
    private void recordActivityAt(long session, Instant at) {
        jdbc.sql("SET timestamp = " + at.getEpochSecond()).update();
        jdbc.sql("UPDATE console_session SET last_active_at = ?, version = version + 1 WHERE id = ?")
                .params(Timestamp.from(at), session).update();
        jdbc.sql("SET timestamp = DEFAULT").update();
    }

    private Instant createdAt(long session) {
        return jdbc.sql("SELECT created_at FROM console_session WHERE id = ?").param(session)
                .query(Timestamp.class).single().toInstant();
    }
}
