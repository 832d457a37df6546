package io.storageconsole.account.domain;

import static io.storageconsole.account.domain.PlainScanComparison.localText;
import static io.storageconsole.account.domain.PlainScanComparison.tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Email contains T" with T in many local parts, on the plans of decision 0035: pages scanned on an
 * index that carries the email (by email or MFA state and email with the MFA-state filter, within
 * the matches' first and last address), deep pages from keyset anchors read from the nearest known
 * one, and the count on the index or by looking the matches up; by last sign-in, the suffixes
 * (decision 0038). Every page at every
 * offset, both directions, from both ends, and every count equal a plain {@code ORDER BY … LIMIT …
 * OFFSET} scan, filtered in Java ({@code email.contains(text)}). Thresholds are a few rows here (an
 * anchor every 3 rows; each scenario is played with any match "dense" and again with a drawn number
 * of matches below which they are "few" and joined), so that a few dozen sub-users take the paths
 * thousands take in production. The local parts hold the characters LIKE treats apart, so that
 * its escaping is tried on every path.
 */
class SubUserDenseContainsTest extends IntegrationTest {

    private static final int ANCHOR_STEP = 3;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private SubUserRanks ranks;

    @Autowired
    private SubUserSignInRanks signInRanks;

    /**
     * One generated organization: its sub-users, the text looked for, whether counts scan or look up,
     * the matches from which pages scan (the second play; the first has 1) and its domain's number.
     */
    private record Scenario(List<Row> rows, String text, boolean countsScan, int denseMatches, int domain) {
    }

    /** signIn / created: an index into a few times, so that ties are common; -1 never signed in. */
    private record Row(String local, String state, int signIn, int created) {
    }

    @Test
    void every_dense_page_and_count_equals_a_plain_offset_scan_in_every_order_and_direction() {
        Arbitrary<Row> row = Combinators.combine(
                localText(1, 3),
                Arbitraries.of("OFF", "OFF", "PENDING", "ACTIVE"), Arbitraries.integers().between(-1, 3),
                Arbitraries.integers().between(0, 3)).as(Row::new);
        // Mostly one letter, so that most rows match and pages run deep enough for anchors.
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(3, localText(1, 1)), Tuple.of(1, localText(2, 2)));
        // Up to 90 suffixes match (30 local parts of up to 3 letters): any threshold up to there may cut.
        Arbitrary<Scenario> scenarios = Combinators.combine(row.list().ofMinSize(12).ofMaxSize(30), text, Arbitraries.of(true, false),
                Arbitraries.integers().between(2, 90), Arbitraries.integers().between(0, (1 << 20) - 1)).as(Scenario::new);
        PlainScanComparison.playGenerated("dense.seed", 4, scenarios, this::play);
    }

    private void play(Scenario scenario, String description) {
        long organizationId = testAccounts.newOrganization().organizationId();
        // The organization's own tag too: jqwik draws the same number again (its edge cases most of all),
        // and an address is unique across organizations (seen: a duplicate key on a second try).
        String domain = tag(scenario.domain(), 14) + tag(Math.toIntExact(organizationId), 20) + ".example.com";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < scenario.rows().size(); i++) {
            Row row = scenario.rows().get(i);
            jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, last_sign_in_at, version) "
                            + "VALUES (?, ?, 'SUB_USER', FALSE, ?, ?, ?, 0)")
                    .params(organizationId, row.local() + "-" + tag(i, 4) + "@" + domain, row.state(),
                            Timestamp.from(now.minus(Duration.ofDays(row.created()))),
                            row.signIn() < 0 ? null : Timestamp.from(now.minus(Duration.ofHours(row.signIn()))))
                    .update();
        }
        for (int denseMatches : List.of(1, scenario.denseMatches())) {
            SubUserSearch search = new SubUserSearch(dataSource, ranks, signInRanks, ANCHOR_STEP, denseMatches, scenario.countsScan() ? 1_000 : 0);
            boolean dense = suffixesStartingWith(scenario) >= denseMatches;
            for (SubUserQuery query : queries(scenario)) {
                assertEveryPage(search, organizationId, query, dense, description + ", dense from " + denseMatches + " matches");
            }
        }
    }

    private static List<SubUserQuery> queries(Scenario scenario) {
        List<SubUserQuery> queries = new ArrayList<>();
        for (boolean descending : List.of(false, true)) {
            SubUserQuery text = SubUserQuery.all().withEmailContaining(scenario.text());
            // From the suffixes, which carry the last sign-in (decision 0038).
            queries.add(text.sortedBy(SubUserOrder.LAST_SIGN_IN, descending));
            queries.add(text.withMfaState(MfaState.OFF).sortedBy(SubUserOrder.EMAIL, descending));
            queries.add(text.withMfaState(MfaState.PENDING).sortedBy(SubUserOrder.MFA_STATE, descending));
            queries.add(text.sortedBy(SubUserOrder.MFA_STATE, descending));
            // Not on an index with the email: still the matches joined, as before.
            queries.add(text.withMfaState(MfaState.OFF).sortedBy(SubUserOrder.LAST_SIGN_IN, descending));
        }
        return queries;
    }

    /** The suffixes of the local parts that start with the text: what the plans count as matches. */
    private static int suffixesStartingWith(Scenario scenario) {
        int suffixes = 0;
        for (Row row : scenario.rows()) {
            for (int at = 0; at < row.local().length(); at++) {
                suffixes += row.local().startsWith(scenario.text(), at) ? 1 : 0;
            }
        }
        return suffixes;
    }

    private void assertEveryPage(SubUserSearch search, long organizationId, SubUserQuery query, boolean dense, String description) {
        List<Long> all = PlainScanComparison.assertCountAndEveryPage(jdbc, search, organizationId, query, description);
        if (dense && query.order().scannedForLocalText() && all.size() > 2 * ANCHOR_STEP) {
            // The pages went through the index scan and its anchors, not the joined matches.
            assertThat(search.cachedAnchors(organizationId, query)).as("%s, anchors of %s", description, query).isPositive();
        }
    }
}
