package io.storageconsole.base.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.base.database.AnchoredPaging.OrderedQuery;
import io.storageconsole.base.database.AnchoredPaging.SortKey;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

class AnchoredPagingTest extends IntegrationTest {

    private static final int ROWS = 41;
    private static final int STEP = 4;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    private long organizationId;

    @BeforeEach
    void organizationWithTiesAndNulls() {
        SignedInAccount root = testAccounts.newOrganization();
        organizationId = root.organizationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < ROWS; i++) {
            // Ties of three on the time, and NULLs for every third: where a seek could skip or repeat rows.
            jdbc.sql("INSERT INTO account (organization_id, email, role, console_access, mfa_state, created_at, last_sign_in_at, version) "
                            + "VALUES (?, ?, 'SUB_USER', FALSE, ?, ?, ?, 0)")
                    .params(organizationId, "p%02d-%s@test.example.com".formatted(i, run), i % 2 == 0 ? "OFF" : "ACTIVE",
                            Timestamp.from(now.minus(Duration.ofDays(i / 3))),
                            i % 3 == 0 ? null : Timestamp.from(now.minus(Duration.ofHours(i % 5))))
                    .update();
        }
    }

    @Test
    void every_page_at_every_offset_equals_the_same_rows_read_with_a_plain_offset() {
        AnchoredPaging paging = new AnchoredPaging(dataSource, STEP);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        List<List<SortKey>> orders = List.of(
                List.of(new SortKey("a.email", false)),
                List.of(new SortKey("a.last_sign_in_at", true), new SortKey("a.id", false)),
                List.of(new SortKey("a.mfa_state", false), new SortKey("a.created_at", false), new SortKey("a.id", false)));
        for (List<SortKey> keys : orders) {
            for (boolean descending : List.of(false, true)) {
                OrderedQuery query = new OrderedQuery(List.of(keys, descending), "a.id", "account a",
                        "a.organization_id = :organizationId AND a.role = 'SUB_USER'", Map.of("organizationId", organizationId),
                        keys, descending);
                List<Long> all = named.queryForList("SELECT a.id FROM account a WHERE a.organization_id = :organizationId "
                        + "AND a.role = 'SUB_USER' ORDER BY " + query.orderBy(), query.params(), Long.class);
                assertThat(all).hasSize(ROWS).doesNotHaveDuplicates();
                for (int limit : List.of(1, 3, 5)) {
                    for (int offset = 0; offset <= ROWS; offset++) {
                        MapSqlParameterSource params = new MapSqlParameterSource();
                        List<Long> page = named.queryForList(paging.pageOfIds(query, offset, limit, params), params, Long.class);
                        assertThat(page).as("%s descending %s offset %d limit %d", keys, descending, offset, limit)
                                .containsExactlyElementsOf(all.subList(offset, Math.min(offset + limit, ROWS)));
                    }
                }
                assertThat(paging.cachedAnchors(query.cacheKey())).isEqualTo(ROWS / STEP);
                paging.forget(query.cacheKey());
                assertThat(paging.cachedAnchors(query.cacheKey())).isZero();
            }
        }
    }

    @Test
    void past_the_limit_of_anchors_the_least_recently_paged_query_forgets_its_own_and_still_pages_right() {
        AnchoredPaging paging = new AnchoredPaging(dataSource, STEP, ROWS / STEP + 2);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        List<SortKey> keys = List.of(new SortKey("a.email", false));
        OrderedQuery older = byEmail("older", keys);
        OrderedQuery newer = byEmail("newer", keys);
        List<Long> all = named.queryForList("SELECT a.id FROM account a WHERE a.organization_id = :organizationId "
                + "AND a.role = 'SUB_USER' ORDER BY a.email", older.params(), Long.class);

        pageToTheEnd(paging, older);
        assertThat(paging.cachedAnchors(older.cacheKey())).isEqualTo(ROWS / STEP);
        pageToTheEnd(paging, newer);

        assertThat(paging.cachedAnchors(newer.cacheKey())).as("the query in use keeps its anchors").isEqualTo(ROWS / STEP);
        assertThat(paging.cachedAnchors(older.cacheKey())).as("the older query's anchors, over the limit").isZero();
        MapSqlParameterSource params = new MapSqlParameterSource();
        assertThat(named.queryForList(paging.pageOfIds(older, ROWS - 3, 3, params), params, Long.class))
                .containsExactlyElementsOf(all.subList(ROWS - 3, ROWS));
    }

    private OrderedQuery byEmail(String name, List<SortKey> keys) {
        return new OrderedQuery(name, "a.id", "account a", "a.organization_id = :organizationId AND a.role = 'SUB_USER'",
                Map.of("organizationId", organizationId), keys, false);
    }

    private void pageToTheEnd(AnchoredPaging paging, OrderedQuery query) {
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        for (int offset = 0; offset < ROWS; offset += STEP) {
            MapSqlParameterSource params = new MapSqlParameterSource();
            assertThat(named.queryForList(paging.pageOfIds(query, offset, STEP, params), params, Long.class)).isNotEmpty();
        }
    }
}
