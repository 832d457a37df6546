package io.storageconsole.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the generated paging tests share: scenarios drawn in a seeded jqwik session, and every page checked against a plain scan. */
final class PlainScanComparison {

    /** The letters of {@link #tag}: none of them in a generated local-part text. */
    private static final String TAG_LETTERS = "wyz";

    private PlainScanComparison() {
    }

    /**
     * Plays {@code runs} scenarios drawn from {@code scenarios}. jqwik's engine has no Spring context:
     * its generators run in a session, seeded so that a failure can be replayed ({@code -D<seedProperty>=…}).
     */
    static <T> void playGenerated(String seedProperty, int runs, Arbitrary<T> scenarios, BiConsumer<T, String> play) {
        String seed = System.getProperty(seedProperty, Long.toString(new Random().nextLong()));
        JqwikSession.run(seed, () -> {
            for (int run = 0; run < runs; run++) {
                T scenario = scenarios.sample();
                play.accept(scenario, "seed " + seed + ", scenario " + run + ": " + scenario);
            }
        });
    }

    /**
     * The count and every page of a query with a text equal the plain reference: the query's rows in
     * its order, the text found by Java ({@code email.contains}), not by a LIKE pattern. Returns the reference.
     */
    static List<Long> assertCountAndEveryPage(JdbcClient jdbc, SubUserSearch search, long organizationId, SubUserQuery query,
                                              String description) {
        List<Long> all = jdbc.sql("SELECT a.id, a.email FROM account a WHERE a.organization_id = ? AND a.role = 'SUB_USER'"
                        + (query.mfaState() == null ? "" : " AND a.mfa_state = '" + query.mfaState().name() + "'")
                        + " ORDER BY " + query.order().orderBy(query.descending()))
                .param(organizationId)
                .query((rs, n) -> rs.getString(2).contains(query.emailContains()) ? rs.getLong(1) : null).list()
                .stream().filter(Objects::nonNull).toList();
        assertThat(search.count(organizationId, query)).as("%s, count of %s", description, query).isEqualTo(all.size());
        assertEveryPage(search, organizationId, query, all, description);
        return all;
    }

    /**
     * Every page of one and of four rows, at every offset, read forwards and from the end, equals
     * the same rows of {@code all}: the query's ids read with a plain {@code ORDER BY … LIMIT … OFFSET}.
     */
    static void assertEveryPage(SubUserSearch search, long organizationId, SubUserQuery query, List<Long> all, String description) {
        assertEveryPage(search, organizationId, query, all, List.of(1, 4), description);
    }

    /** Every page of each of the {@code limits}, at every offset, read forwards and from the end, equals the same rows of {@code all}. */
    static void assertEveryPage(SubUserSearch search, long organizationId, SubUserQuery query, List<Long> all, List<Integer> limits,
                                String description) {
        for (int limit : limits) {
            for (int offset = 0; offset <= all.size(); offset++) {
                List<Long> expected = all.subList(offset, Math.min(all.size(), offset + limit));
                assertThat(search.page(organizationId, query, offset, limit)).extracting(SubUserRow::id)
                        .as("%s, %s offset %d limit %d", description, query, offset, limit).containsExactlyElementsOf(expected);
                int rowsAfter = all.size() - offset - expected.size();
                if (!expected.isEmpty()) {
                    assertThat(search.pageFromEnd(organizationId, query, rowsAfter, expected.size())).extracting(SubUserRow::id)
                            .as("%s, %s from the end, %d after, limit %d", description, query, rowsAfter, limit)
                            .containsExactlyElementsOf(expected);
                }
            }
        }
    }

    /**
     * Local-part text: no letter of it is in a domain or in the tags that keep the addresses apart;
     * the four special to LIKE (its wildcards, our escape, MariaDB's default escape) a quarter of the time.
     */
    static Arbitrary<String> localText(int minLength, int maxLength) {
        Arbitrary<Character> letter = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of('b', 'q', 'k', '1')), Tuple.of(1, Arbitraries.of('%', '_', '!', '\\')));
        return letter.list().ofMinSize(minLength).ofMaxSize(maxLength)
                .map(letters -> letters.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** {@code n} written with the tag letters, {@code width} of them. */
    static String tag(int n, int width) {
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < width; i++) {
            tag.append(TAG_LETTERS.charAt(n % TAG_LETTERS.length()));
            n /= TAG_LETTERS.length();
        }
        return tag.toString();
    }
}
