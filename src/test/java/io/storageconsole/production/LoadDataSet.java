package io.storageconsole.production;

import io.storageconsole.testing.ProductionConsole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.codec.binary.Base32;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The data of the load benchmark: organizations, each with a root user who has MFA and a known
 * password, and sub-users. A root's email and TOTP secret follow from its number, so the simulation
 * computes every code itself. Made once per database folder and reused.
 */
public final class LoadDataSet {

    public static final String PASSWORD = "Load-Bench-2026!";
    private static final int ROWS_PER_INSERT = 1_000;

    private LoadDataSet() {
    }

    public static String rootEmail(int number) {
        return "load-root-%04d@load%04d.example.com".formatted(number, number);
    }

    /** A Base32 TOTP secret (160 bits) derived from the root's number. */
    public static String secret(int number) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("load-" + number).getBytes(StandardCharsets.UTF_8));
            return new Base32().encodeToString(Arrays.copyOf(digest, 20));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes {@code organizations} organizations of {@code subUsers} sub-users each, unless they exist. */
    public static void ensure(ProductionConsole console, int organizations, int subUsers) {
        JdbcTemplate jdbc = console.jdbc();
        Long existing = jdbc.queryForObject("SELECT COUNT(*) FROM account WHERE email LIKE 'load-root-%'", Long.class);
        if (existing != null && existing >= organizations) {
            return;
        }
        String hash = ProductionConsole.hash(PASSWORD);
        Timestamp now = Timestamp.from(Instant.now());
        for (int number = existing == null ? 0 : existing.intValue(); number < organizations; number++) {
            long organizationId = console.addOrganization("Load " + number, rootEmail(number), hash);
            long rootId = jdbc.queryForObject("SELECT id FROM account WHERE email = ?", Long.class, rootEmail(number));
            console.activateMfa(rootId, secret(number));
            List<Object> values = new ArrayList<>();
            StringBuilder sql = new StringBuilder("INSERT INTO account (organization_id, email, role, console_access, mfa_state, "
                    + "created_at, last_sign_in_at) VALUES ");
            for (int i = 0; i < subUsers; i++) {
                sql.append(i == 0 ? "" : ",").append("(?, ?, 'SUB_USER', FALSE, ?, ?, ?)");
                values.addAll(Arrays.asList(organizationId, "user%04d@load%04d.example.com".formatted(i, number),
                        i % 10 == 0 ? "ACTIVE" : "OFF", now, i % 3 == 0 ? null : now));
                if ((i + 1) % ROWS_PER_INSERT == 0 || i == subUsers - 1) {
                    jdbc.update(sql.toString(), values.toArray());
                    values.clear();
                    sql.setLength(sql.indexOf("VALUES ") + "VALUES ".length());
                }
            }
        }
        jdbc.execute("ANALYZE TABLE account, sub_user_tally, sub_user_local_suffix");
    }
}
