package io.storageconsole.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;

/** What the generated paging tests share: scenarios drawn in a seeded jqwik session, and every page checked against a plain scan. */
final class PlainScanComparison {

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
     * Every page of one and of four rows, at every offset, read forwards and from the end, equals
     * the same rows of {@code all}: the query's ids read with a plain {@code ORDER BY … LIMIT … OFFSET}.
     */
    static void assertEveryPage(SubUserSearch search, long organizationId, SubUserQuery query, List<Long> all, String description) {
        for (int limit : List.of(1, 4)) {
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
}
