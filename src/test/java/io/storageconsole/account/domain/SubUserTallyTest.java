package io.storageconsole.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.ConcurrentChanges;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The tally behind counts and the MFA summary, and the suffixes behind the "contains" filter, stay
 * equal to the rows they stand for, whatever runs at once; V110 brings them back to that if they drifted.
 */
class SubUserTallyTest extends IntegrationTest {

    private static final int THREADS = 8;
    private static final int CHANGES_PER_THREAD = 60;

    private static final java.nio.file.Path V110 = java.nio.file.Path.of("db/migration/V110__rebuild_sub_user_tally_and_local_suffixes.sql");

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private javax.sql.DataSource dataSource;

    @Test
    void the_tally_and_the_suffixes_equal_a_fresh_count_after_concurrent_inserts_changes_and_deletes() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        long organizationId = root.organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 40; i++) {
            insert(organizationId, "t%03d-%s@%s.example.com".formatted(i, run, i % 2 == 0 ? "one" : "two"));
        }
        ConcurrentChanges.Outcome outcome = ConcurrentChanges.run(THREADS, CHANGES_PER_THREAD,
                (thread, n) -> change(organizationId, run, thread, n));

        assertThat(outcome.applied()).isGreaterThan(THREADS * CHANGES_PER_THREAD / 2);
        assertThat(tally(organizationId)).isNotEmpty().isEqualTo(recount(organizationId));
        assertThat(count("SELECT COUNT(*) FROM sub_user_local_suffix WHERE organization_id = ?", organizationId))
                .isEqualTo(count("SELECT SUM(CHAR_LENGTH(SUBSTRING_INDEX(email, '@', 1))) FROM account "
                        + "WHERE organization_id = ? AND role = 'SUB_USER'", organizationId));
        System.out.printf("Tally test: %d changes applied, %d refused by the database%n", outcome.applied(), outcome.refused());
    }

    @Test
    void v110_repairs_a_missing_a_wrong_and_a_stray_count_and_suffix_and_running_it_again_changes_nothing() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        insert(organizationId, "kept-" + run + "@one.example.com");
        insert(organizationId, "written-" + run + "@two.example.com");
        long kept = idOf("kept-" + run + "@one.example.com");
        long written = idOf("written-" + run + "@two.example.com");
        Map<String, Long> exactTally = tally(organizationId);
        List<String> exactSuffixes = suffixes(organizationId);

        // What V050's window (backfill before triggers) can leave: a sub-user never seen, and drift of every kind.
        jdbc.sql("DELETE FROM sub_user_local_suffix WHERE account_id = ?").param(written).update();
        jdbc.sql("UPDATE sub_user_tally SET sub_users = sub_users - 1 WHERE organization_id = ? AND email_domain = 'two.example.com'")
                .param(organizationId).update();
        jdbc.sql("UPDATE sub_user_tally SET sub_users = 7 WHERE organization_id = ? AND email_domain = 'one.example.com'")
                .param(organizationId).update();
        jdbc.sql("INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users) "
                + "VALUES (?, 'gone.example.com', 'PENDING', FALSE, 3)").param(organizationId).update();
        jdbc.sql("INSERT INTO sub_user_local_suffix (organization_id, suffix, account_id) VALUES (?, 'stray', ?)")
                .params(organizationId, kept).update();
        assertThat(tally(organizationId)).isNotEqualTo(exactTally);

        runV110();

        assertThat(tally(organizationId)).isEqualTo(exactTally).isEqualTo(recount(organizationId));
        assertThat(suffixes(organizationId)).isEqualTo(exactSuffixes)
                .hasSize(("kept-" + run).length() + ("written-" + run).length());

        runV110();

        assertThat(tally(organizationId)).isEqualTo(exactTally);
        assertThat(suffixes(organizationId)).isEqualTo(exactSuffixes);
    }

    private void runV110() throws Exception {
        try (var connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new FileSystemResource(V110));
        }
    }

    private long idOf(String email) {
        return jdbc.sql("SELECT id FROM account WHERE email = ?").param(email).query(Long.class).single();
    }

    private List<String> suffixes(long organizationId) {
        return jdbc.sql("SELECT CONCAT(account_id, ':', suffix) FROM sub_user_local_suffix WHERE organization_id = ? ORDER BY 1")
                .param(organizationId).query(String.class).list();
    }

    private void change(long organizationId, String run, int thread, int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (random.nextInt(5)) {
            case 0 -> insert(organizationId, "c%d-%d-%s@%s.example.com".formatted(thread, n, run, random.nextBoolean() ? "one" : "two"));
            case 1 -> jdbc.sql("DELETE FROM account WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                    .param(organizationId).update();
            case 2 -> jdbc.sql("UPDATE account SET mfa_state = ?, version = version + 1 WHERE organization_id = ? "
                            + "AND role = 'SUB_USER' ORDER BY RAND() LIMIT 5")
                    .params(List.of("OFF", "PENDING", "ACTIVE").get(random.nextInt(3)), organizationId).update();
            case 3 -> jdbc.sql("UPDATE account SET password_hash = IF(console_access, NULL, 'x'), console_access = NOT console_access "
                            + "WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                    .param(organizationId).update();
            default -> jdbc.sql("UPDATE account SET last_sign_in_at = ? WHERE organization_id = ? AND role = 'SUB_USER' "
                            + "ORDER BY RAND() LIMIT 3")
                    .params(Timestamp.from(Instant.now()), organizationId).update();
        }
    }

    private void insert(long organizationId, String email) {
        jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, version) "
                        + "VALUES (?, ?, 'SUB_USER', FALSE, 'OFF', ?, 0)")
                .params(organizationId, email, Timestamp.from(Instant.now())).update();
    }

    private long count(String sql, long organizationId) {
        return jdbc.sql(sql).param(organizationId).query(Long.class).single();
    }

    private Map<String, Long> tally(long organizationId) {
        return countsByDomainStateAndLogin("SELECT email_domain, mfa_state, console_login, sub_users FROM sub_user_tally "
                + "WHERE organization_id = ? AND sub_users <> 0", organizationId);
    }

    private Map<String, Long> recount(long organizationId) {
        return countsByDomainStateAndLogin("SELECT SUBSTRING_INDEX(email, '@', -1), mfa_state, "
                + "console_access AND password_hash IS NOT NULL, COUNT(*) FROM account "
                + "WHERE organization_id = ? AND role = 'SUB_USER' GROUP BY 1, 2, 3", organizationId);
    }

    private Map<String, Long> countsByDomainStateAndLogin(String sql, long organizationId) {
        return jdbc.sql(sql).param(organizationId)
                .query((rs, row) -> Map.entry(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3), rs.getLong(4)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
