package io.storageconsole.account.domain;

import static io.storageconsole.account.domain.PlainScanComparison.localText;
import static io.storageconsole.account.domain.PlainScanComparison.tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.ConcurrentChanges;
import io.storageconsole.testing.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The suffix rows carry their account's last sign-in (V138, written by V139's triggers), and a
 * local-part text sorted by last sign-in pages from them alone (decision 0038). After generated
 * histories of inserts, deletes, new addresses, new MFA states and sign-ins of matched and
 * unmatched users (ties and NULLs of the sign-in time), every suffix row's sign-in equals its
 * account's, and every page at every offset, both directions, from both ends, equals a plain
 * {@code ORDER BY … LIMIT … OFFSET}; and it stays so while sign-ins race with new addresses and pages.
 */
class SubUserSignInSuffixesTest extends IntegrationTest {

    private static final Path V139 = Path.of("db/migration/V139__account_triggers_write_last_sign_in_into_suffixes.sql");

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private SubUserSearch search;

    /** One generated history in one organization, and the text looked for afterwards. */
    private record Scenario(List<Change> changes, String text, int domain) {
    }

    /**
     * kind 0-5: insert (signed in {@code hours} ago, -1 never), delete, new address, new MFA state,
     * sign-in, sign-in and new MFA state in one statement, of the sub-user at {@code pick}.
     */
    private record Change(int kind, String local, int pick, int hours, String state) {
    }

    @Test
    void every_page_by_last_sign_in_equals_a_plain_offset_scan_after_generated_histories_with_sign_ins() {
        Arbitrary<Change> change = Combinators.combine(
                Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3), Tuple.of(4, 4), Tuple.of(1, 5)),
                localText(1, 3), Arbitraries.integers().between(0, 1_000), Arbitraries.of(-1, -1, 0, 1, 2),
                Arbitraries.of("OFF", "PENDING", "ACTIVE")).as(Change::new);
        Arbitrary<Scenario> scenarios = Combinators.combine(change.list().ofMinSize(20).ofMaxSize(40),
                Arbitraries.frequencyOf(Tuple.of(3, localText(1, 1)), Tuple.of(1, localText(2, 2))),
                Arbitraries.integers().between(0, (1 << 20) - 1)).as(Scenario::new);
        PlainScanComparison.playGenerated("signins.seed", 5, scenarios, this::play);
    }

    private void play(Scenario scenario, String description) {
        long organizationId = testAccounts.newOrganization().organizationId();
        // The organization's own tag too: jqwik draws the same number again (its edge cases most of all),
        // and an address is unique across organizations (seen: a duplicate key on a second try).
        String domain = tag(scenario.domain(), 14) + tag(Math.toIntExact(organizationId), 20) + ".example.com";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int written = 0;
        for (Change change : scenario.changes()) {
            List<Long> ids = jdbc.sql("SELECT id FROM account WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY id")
                    .param(organizationId).query(Long.class).list();
            long picked = ids.isEmpty() ? -1 : ids.get(change.pick() % ids.size());
            String email = change.local() + "-" + tag(written++, 5) + "@" + domain;
            // A few distinct times, so that ties are common; NULL (never signed in) only from inserts.
            Timestamp at = change.hours() < 0 ? null : Timestamp.from(now.minus(Duration.ofHours(change.hours())));
            switch (change.kind()) {
                case 0 -> jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, "
                                + "last_sign_in_at, version) VALUES (?, ?, 'SUB_USER', FALSE, ?, ?, ?, 0)")
                        .params(organizationId, email, change.state(), Timestamp.from(now), at).update();
                case 1 -> jdbc.sql("DELETE FROM account WHERE id = ?").param(picked).update();
                case 2 -> jdbc.sql("UPDATE account SET email = ? WHERE id = ?").params(email, picked).update();
                case 3 -> jdbc.sql("UPDATE account SET mfa_state = ? WHERE id = ?").params(change.state(), picked).update();
                case 4 -> jdbc.sql("UPDATE account SET last_sign_in_at = ? WHERE id = ?").params(signIn(at, now), picked).update();
                default -> jdbc.sql("UPDATE account SET last_sign_in_at = ?, mfa_state = ? WHERE id = ?")
                        .params(signIn(at, now), change.state(), picked).update();
            }
            assertSuffixesCarryTheirAccountsSignIn(organizationId, description + ", after " + change);
        }
        for (boolean descending : List.of(false, true)) {
            SubUserQuery text = SubUserQuery.all().withEmailContaining(scenario.text());
            for (SubUserOrder order : List.of(SubUserOrder.LAST_SIGN_IN, SubUserOrder.CREATED, SubUserOrder.EMAIL)) {
                PlainScanComparison.assertCountAndEveryPage(jdbc, search, organizationId, text.sortedBy(order, descending), description);
            }
            // With the MFA filter the suffixes do not serve: still the matches joined, as before.
            SubUserQuery withMfaState = text.withMfaState(MfaState.OFF).sortedBy(SubUserOrder.LAST_SIGN_IN, descending);
            PlainScanComparison.assertCountAndEveryPage(jdbc, search, organizationId, withMfaState, description);
        }
    }

    /** A sign-in sets a time: a drawn NULL becomes now. */
    private static Timestamp signIn(Timestamp at, Instant now) {
        return at == null ? Timestamp.from(now) : at;
    }

    @Test
    void suffixes_keep_their_accounts_sign_ins_while_sign_ins_race_with_new_addresses_and_pages() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        String domain = tag(ThreadLocalRandom.current().nextInt(1 << 20), 14) + ".example.com";
        for (int i = 0; i < 60; i++) {
            jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, version) "
                            + "VALUES (?, ?, 'SUB_USER', FALSE, 'OFF', ?, 0)")
                    .params(organizationId, (i % 2 == 0 ? "kb" : "qq") + tag(i, 4) + "@" + domain, Timestamp.from(Instant.now())).update();
        }
        SubUserQuery matched = SubUserQuery.all().withEmailContaining("kb").sortedBy(SubUserOrder.LAST_SIGN_IN, true);
        AtomicInteger pages = new AtomicInteger();
        AtomicInteger signIns = new AtomicInteger();
        ConcurrentChanges.Outcome outcome = ConcurrentChanges.run(6, 40,
                (thread, n) -> raceChange(organizationId, domain, thread, n, signIns),
                () -> {
                    search.page(organizationId, matched, ThreadLocalRandom.current().nextInt(30), 5);
                    pages.incrementAndGet();
                });

        System.out.printf("Sign-in race: %d changes applied (%d sign-ins), %d refused, %d pages read meanwhile%n",
                outcome.applied(), signIns.get(), outcome.refused(), pages.get());
        assertThat(signIns.get()).as("sign-ins applied").isGreaterThan(50);
        assertThat(pages.get()).as("pages read while changing").isPositive();
        assertSuffixesCarryTheirAccountsSignIn(organizationId, "after the race");
        for (boolean descending : List.of(false, true)) {
            PlainScanComparison.assertCountAndEveryPage(jdbc, search, organizationId,
                    SubUserQuery.all().withEmailContaining("kb").sortedBy(SubUserOrder.LAST_SIGN_IN, descending), "after the race");
        }
    }

    private void raceChange(long organizationId, String domain, int thread, int n, AtomicInteger signIns) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextInt(4) == 0) {
            // A new address (a new set of suffix rows), matched or not.
            String local = (random.nextBoolean() ? "kb" : "qq") + tag(1_000 + thread * 100 + n, 8);
            try {
                jdbc.sql("UPDATE account SET email = ? WHERE organization_id = ? AND role = 'SUB_USER' ORDER BY RAND() LIMIT 1")
                        .params(local + "@" + domain, organizationId).update();
            } catch (DuplicateKeyException twin) {
                // Drawn twice: nothing changed.
            }
        } else {
            // One statement per sign-in, as AccountRepository's, mostly of matched users.
            jdbc.sql("UPDATE account SET last_sign_in_at = ? WHERE organization_id = ? AND role = 'SUB_USER' "
                            + "AND email LIKE ? ORDER BY RAND() LIMIT 1")
                    .params(Timestamp.from(Instant.now().plusMillis(random.nextInt(1_000))), organizationId,
                            random.nextInt(4) == 0 ? "qq%" : "kb%")
                    .update();
            signIns.incrementAndGet();
        }
    }

    @Test
    void v139s_fill_brings_drifted_sign_ins_back_to_the_accounts_and_running_it_again_changes_nothing() throws Exception {
        long organizationId = testAccounts.newOrganization().organizationId();
        for (int i = 0; i < 8; i++) {
            jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, last_sign_in_at, version) "
                            + "VALUES (?, ?, 'SUB_USER', FALSE, 'OFF', ?, ?, 0)")
                    .params(organizationId, "f" + tag(i, 3) + "-" + tag(ThreadLocalRandom.current().nextInt(1 << 20), 14) + "@f.example.com",
                            Timestamp.from(Instant.now()), i % 3 == 0 ? null : Timestamp.from(Instant.now().minusSeconds(i)))
                    .update();
        }
        jdbc.sql("UPDATE sub_user_local_suffix SET last_sign_in_at = IF(last_sign_in_at IS NULL, NOW(), NULL) WHERE organization_id = ?")
                .param(organizationId).update();

        String fill = fillStatement();
        long drifted = driftedSuffixes(organizationId);
        assertThat(drifted).isPositive();
        assertThat(jdbc.sql(fill).update()).as("rows the fill repaired").isGreaterThanOrEqualTo((int) drifted);
        assertSuffixesCarryTheirAccountsSignIn(organizationId, "after V139's fill");

        assertThat(jdbc.sql(fill).update()).as("rows the fill changed when run again").isZero();
    }

    /** The last statement of V139 (the rest is triggers, in the client's DELIMITER syntax). */
    private static String fillStatement() throws Exception {
        String script = Files.readString(V139);
        return script.substring(script.lastIndexOf("UPDATE sub_user_local_suffix s")).strip().replaceAll(";$", "");
    }

    private long driftedSuffixes(long organizationId) {
        return jdbc.sql("SELECT COUNT(*) FROM sub_user_local_suffix s JOIN account a ON a.id = s.account_id "
                        + "WHERE s.organization_id = ? AND NOT s.last_sign_in_at <=> a.last_sign_in_at")
                .param(organizationId).query(Long.class).single();
    }

    /** A fresh join: every suffix row's last sign-in is its account's, and every sub-user has its suffixes. */
    private void assertSuffixesCarryTheirAccountsSignIn(long organizationId, String description) {
        assertThat(driftedSuffixes(organizationId)).as(description + ": suffix rows whose sign-in is not their account's").isZero();
        long expected = jdbc.sql("SELECT COALESCE(SUM(CHAR_LENGTH(SUBSTRING_INDEX(email, '@', 1))), 0) FROM account "
                        + "WHERE organization_id = ? AND role = 'SUB_USER'")
                .param(organizationId).query(Long.class).single();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sub_user_local_suffix WHERE organization_id = ?").param(organizationId)
                .query(Long.class).single()).as(description + ": suffix rows").isEqualTo(expected);
    }
}
