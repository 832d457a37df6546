package io.storageconsole.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tally behind counts and the MFA summary, and the suffixes behind the "contains" filter, stay
 * equal to the rows they stand for, whatever runs at once.
 */
class SubUserTallyTest extends IntegrationTest {

    private static final int THREADS = 8;
    private static final int CHANGES_PER_THREAD = 60;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void the_tally_and_the_suffixes_equal_a_fresh_count_after_concurrent_inserts_changes_and_deletes() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        long organizationId = root.organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 40; i++) {
            insert(organizationId, "t%03d-%s@%s.example.com".formatted(i, run, i % 2 == 0 ? "one" : "two"));
        }
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int n = 0; n < CHANGES_PER_THREAD; n++) {
                        try {
                            change(organizationId, run, thread, n);
                            applied.incrementAndGet();
                        } catch (DataAccessException deadlockVictim) {
                            // A statement the database refused changed nothing, its tally rows included.
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(applied.get()).isGreaterThan(THREADS * CHANGES_PER_THREAD / 2);
        assertThat(tally(organizationId)).isNotEmpty().isEqualTo(recount(organizationId));
        assertThat(count("SELECT COUNT(*) FROM sub_user_local_suffix WHERE organization_id = ?", organizationId))
                .isEqualTo(count("SELECT SUM(CHAR_LENGTH(SUBSTRING_INDEX(email, '@', 1))) FROM account "
                        + "WHERE organization_id = ? AND role = 'SUB_USER'", organizationId));
        System.out.printf("Tally test: %d changes applied, %d refused by the database%n", applied.get(), refused.get());
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
