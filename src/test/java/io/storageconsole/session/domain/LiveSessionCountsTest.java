package io.storageconsole.session.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The grid's count of live sessions per page finds the sessions in their index alone and looks up
 * only their owners (V148, decision 0057): a page of users who never signed in then looks up no
 * account, and a page of users with sessions reads no session row. What it counts is shown by
 * ConsoleSessionsTest.
 */
class LiveSessionCountsTest extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void the_count_reads_the_sessions_from_their_index_alone_then_their_owners_by_key() {
        for (boolean absoluteLimit : List.of(false, true)) {
            List<Map<String, Object>> plan = jdbc.sql("EXPLAIN " + LiveSessionCounts.sql(absoluteLimit))
                    .param("accountIds", List.of(1L, 2L, 3L))
                    .param("organizationId", 1L)
                    .param("activeAfter", Timestamp.from(Instant.now()))
                    .param("signedInAfter", Timestamp.from(Instant.now()))
                    .query().listOfRows();
            String described = "absolute limit " + absoluteLimit + ": " + plan;
            assertThat(plan).as(described).hasSize(2);
            assertThat(plan.get(0)).as(described).containsEntry("table", "s").containsEntry("key", LiveSessionCounts.BY_ACCOUNT);
            // "Using index" alone: every column from the index ("Using index condition" would read the rows).
            assertThat((String) plan.get(0).get("Extra")).as(described).containsPattern("(^|; )Using index($|;)");
            assertThat(plan.get(1)).as(described).containsEntry("table", "a").containsEntry("key", "PRIMARY");
        }
    }
}
