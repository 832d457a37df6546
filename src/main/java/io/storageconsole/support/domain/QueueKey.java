package io.storageconsole.support.domain;

import io.storageconsole.base.database.Keyset;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Where a page of a queue starts or ends: the time, and the id among equal times. */
public record QueueKey(Instant at, long id) {

    /**
     * A page of {@code table}'s rows where {@code condition} holds, ordered by ({@code timeColumn},
     * id), newest or oldest first, read from the anchor on: one seek on an index ending in those two
     * columns, one row more than the page, in the order scanned (reversed when going backward).
     */
    static JdbcClient.StatementSpec page(JdbcClient jdbc, String select, String condition, String timeColumn,
                                         boolean newestFirst, Keyset.Request<QueueKey> page) {
        // Going backward reads the other way round from the anchor.
        boolean descending = newestFirst != page.isBackward();
        String beyond = descending ? "<" : ">";
        String seek = page.anchor() == null ? ""
                : " AND (" + timeColumn + " " + beyond + " :at OR (" + timeColumn + " = :at AND id " + beyond + " :id))";
        String direction = descending ? " DESC" : " ASC";
        JdbcClient.StatementSpec statement = jdbc.sql(select + " WHERE " + condition + seek + " ORDER BY " + timeColumn
                        + direction + ", id" + direction + " LIMIT :limit")
                .param("limit", page.fetchSize());
        if (page.anchor() != null) {
            statement = statement.param("at", Timestamp.from(page.anchor().at())).param("id", page.anchor().id());
        }
        return statement;
    }
}
