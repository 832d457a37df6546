package io.storageconsole.support.domain;

import io.storageconsole.base.database.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The support_reset_approval table (V082): one pending approval per account, decided once. */
@Repository
public class ResetApprovalStore {

    private static final String COLUMNS = "id, account_id, verification_id, reason, ticket, requested_by, requested_at, "
            + "decided_by, decided_at, outcome";

    private final JdbcClient jdbc;

    ResetApprovalStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Asks for approval; the unique key refuses a second pending one for the account (DuplicateKeyException). */
    public long insert(long accountId, long verificationId, String reason, String ticket, long requestedBy, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO support_reset_approval (account_id, verification_id, reason, ticket, requested_by, requested_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(accountId, verificationId, reason, ticket, requestedBy, Timestamp.from(now))
                .update(keys);
        return keys.getKey().longValue();
    }

    public Optional<ResetApproval> findPending(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_reset_approval WHERE pending_account_id = ?")
                .param(accountId).query(ResetApprovalStore::row).optional();
    }

    public Optional<ResetApproval> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_reset_approval WHERE id = ?")
                .param(id).query(ResetApprovalStore::row).optional();
    }

    /** A page of pending approvals, oldest first (they wait longest), in the order scanned. */
    public List<ResetApproval> pending(Keyset.Request<QueueKey> page) {
        return QueueKey.page(jdbc, "SELECT " + COLUMNS + " FROM support_reset_approval", "decided_at IS NULL", "requested_at",
                false, page).query(ResetApprovalStore::row).list();
    }

    /**
     * Approves or rejects a pending approval, by anyone but the member who asked for it; false when it
     * was decided already, or the decider asked for it. One statement: two deciders cannot both win.
     */
    public boolean decideByOther(long id, long decidedBy, String outcome, Instant now) {
        return jdbc.sql("UPDATE support_reset_approval SET decided_by = ?, decided_at = ?, outcome = ? "
                        + "WHERE id = ? AND decided_at IS NULL AND requested_by <> ?")
                .params(decidedBy, Timestamp.from(now), outcome, id, decidedBy).update() == 1;
    }

    /** Withdraws a pending approval, by the member who asked for it only. */
    public boolean withdraw(long id, long requestedBy, Instant now) {
        return jdbc.sql("UPDATE support_reset_approval SET decided_by = ?, decided_at = ?, outcome = 'WITHDRAWN' "
                        + "WHERE id = ? AND decided_at IS NULL AND requested_by = ?")
                .params(requestedBy, Timestamp.from(now), id, requestedBy).update() == 1;
    }

    private static ResetApproval row(ResultSet rs, int n) throws SQLException {
        return new ResetApproval(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("verification_id"),
                rs.getString("reason"), rs.getString("ticket"), rs.getLong("requested_by"),
                SupportRequestStore.instant(rs.getTimestamp("requested_at")), rs.getObject("decided_by", Long.class),
                SupportRequestStore.instant(rs.getTimestamp("decided_at")), rs.getString("outcome"));
    }
}
