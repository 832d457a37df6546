package io.storageconsole.support.domain;

import io.storageconsole.base.database.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The support_request table (V080): one open request per account, the queue paged by keyset. */
@Repository
public class SupportRequestStore {

    private static final String COLUMNS = "id, account_id, description, contact, opened_at, updated_at, ip, user_agent, "
            + "closed_at, closed_by, outcome, outcome_note";

    private final JdbcClient jdbc;

    SupportRequestStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Opens a request for the account, or updates its open one: one statement, so two requests at
     * once (on any nodes) still leave one open request. The open request's id is then read in the
     * same transaction.
     */
    public Opened openOrUpdate(long accountId, String description, String contact, Instant now, String ip,
                               String userAgent) {
        int affected = jdbc.sql("INSERT INTO support_request (account_id, description, contact, opened_at, updated_at, ip, "
                        + "user_agent) VALUES (:account, :description, :contact, :now, :now, :ip, :userAgent) "
                        + "ON DUPLICATE KEY UPDATE description = VALUES(description), contact = VALUES(contact), "
                        + "updated_at = VALUES(updated_at), ip = VALUES(ip), user_agent = VALUES(user_agent)")
                .param("account", accountId)
                .param("description", description)
                .param("contact", contact)
                .param("now", Timestamp.from(now))
                .param("ip", ip)
                .param("userAgent", userAgent)
                .update();
        SupportRequest open = findOpen(accountId)
                .orElseThrow(() -> new IllegalStateException("The open request of account " + accountId + " vanished"));
        // MariaDB counts 1 for an inserted row and 2 for an updated one.
        return new Opened(open, affected == 1);
    }

    public Optional<SupportRequest> findOpen(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_request WHERE open_account_id = ?")
                .param(accountId).query(SupportRequestStore::row).optional();
    }

    public Optional<SupportRequest> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_request WHERE id = ?")
                .param(id).query(SupportRequestStore::row).optional();
    }

    /**
     * A page of open requests, newest first, in the order scanned (reversed when going backward): a
     * seek on (closed_at, opened_at, id) from the anchor, reading one page and one row more.
     */
    public List<SupportRequest> openQueue(Keyset.Request<QueueKey> page) {
        return QueueKey.page(jdbc, "SELECT " + COLUMNS + " FROM support_request", "closed_at IS NULL", "opened_at", true, page)
                .query(SupportRequestStore::row).list();
    }

    /** Closes an open request; false when it was closed already (by someone else, on any node). */
    public boolean close(long id, long closedBy, RequestOutcome outcome, String note, Instant now) {
        return jdbc.sql("UPDATE support_request SET closed_at = ?, closed_by = ?, outcome = ?, outcome_note = ? "
                        + "WHERE id = ? AND closed_at IS NULL")
                .params(Timestamp.from(now), closedBy, outcome.name(), note, id)
                .update() == 1;
    }

    private static SupportRequest row(ResultSet rs, int n) throws SQLException {
        return new SupportRequest(rs.getLong("id"), rs.getLong("account_id"), rs.getString("description"),
                rs.getString("contact"), instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("updated_at")),
                rs.getString("ip"), rs.getString("user_agent"), instant(rs.getTimestamp("closed_at")),
                rs.getObject("closed_by", Long.class), rs.getString("outcome"), rs.getString("outcome_note"));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** @param created true for a new request, false when the open one was updated */
    public record Opened(SupportRequest request, boolean created) {
    }
}
