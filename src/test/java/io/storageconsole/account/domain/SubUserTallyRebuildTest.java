package io.storageconsole.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * V110 repairs whatever drift V050's window (backfill before triggers) left in the tally and the
 * suffix table, and changes nothing on exact tables.
 */
class SubUserTallyRebuildTest extends IntegrationTest {

    private static final Path V110 = Path.of("db/migration/V110__rebuild_sub_user_tally_and_local_suffixes.sql");

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Test
    void the_rebuild_repairs_a_missing_a_wrong_and_a_stray_count_and_suffix_and_running_it_again_changes_nothing() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        long organization = root.organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        long kept = insert(organization, "kept-" + run + "@one.example.com", "ACTIVE");
        long written = insert(organization, "written-" + run + "@two.example.com", "OFF");
        Map<String, Long> exactTally = tally(organization);
        List<String> exactSuffixes = suffixes(organization);

        // What V050's window can leave: a sub-user the tables never saw, and drift of every kind.
        jdbc.sql("DELETE FROM sub_user_local_suffix WHERE account_id = ?").param(written).update();
        jdbc.sql("UPDATE sub_user_tally SET sub_users = sub_users - 1 WHERE organization_id = ? AND email_domain = 'two.example.com'")
                .param(organization).update();
        jdbc.sql("UPDATE sub_user_tally SET sub_users = 7 WHERE organization_id = ? AND email_domain = 'one.example.com'")
                .param(organization).update();
        jdbc.sql("INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users) "
                + "VALUES (?, 'gone.example.com', 'PENDING', FALSE, 3)").param(organization).update();
        jdbc.sql("INSERT INTO sub_user_local_suffix (organization_id, suffix, account_id) VALUES (?, 'stray', ?)")
                .params(organization, kept).update();
        assertThat(tally(organization)).isNotEqualTo(exactTally);

        rebuild();

        assertThat(tally(organization)).isEqualTo(exactTally).isEqualTo(recount(organization));
        assertThat(suffixes(organization)).isEqualTo(exactSuffixes);
        assertThat(suffixes(organization)).hasSize(("kept-" + run).length() + ("written-" + run).length());

        rebuild();

        assertThat(tally(organization)).isEqualTo(exactTally);
        assertThat(suffixes(organization)).isEqualTo(exactSuffixes);
    }

    private void rebuild() throws Exception {
        try (var connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new FileSystemResource(Files.exists(V110) ? V110 : V110.toAbsolutePath()));
        }
    }

    private long insert(long organization, String email, String mfaState) {
        jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, version) "
                + "VALUES (?, ?, 'SUB_USER', FALSE, ?, ?, 0)").params(organization, email, mfaState, Timestamp.from(Instant.now())).update();
        return jdbc.sql("SELECT id FROM account WHERE email = ?").param(email).query(Long.class).single();
    }

    private Map<String, Long> tally(long organization) {
        return counts("SELECT email_domain, mfa_state, console_login, sub_users FROM sub_user_tally "
                + "WHERE organization_id = ? AND sub_users <> 0", organization);
    }

    private Map<String, Long> recount(long organization) {
        return counts("SELECT SUBSTRING_INDEX(email, '@', -1), mfa_state, console_access AND password_hash IS NOT NULL, COUNT(*) "
                + "FROM account WHERE organization_id = ? AND role = 'SUB_USER' GROUP BY 1, 2, 3", organization);
    }

    private Map<String, Long> counts(String sql, long organization) {
        return jdbc.sql(sql).param(organization)
                .query((rs, row) -> Map.entry(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3), rs.getLong(4)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private List<String> suffixes(long organization) {
        return jdbc.sql("SELECT CONCAT(account_id, ':', suffix) FROM sub_user_local_suffix WHERE organization_id = ? ORDER BY 1")
                .param(organization).query(String.class).list();
    }
}
