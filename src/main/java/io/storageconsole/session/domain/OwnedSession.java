package io.storageconsole.session.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/**
 * A console session with what is needed to sign its owner in again, read in one query.
 *
 * @param canSignIn whether the account still has a console login
 */
public record OwnedSession(long id, long accountId, Long organizationId, String email, String role,
                           boolean canSignIn, Instant createdAt, Instant lastActiveAt, Instant endedAt,
                           String ip, String userAgent) {

    public boolean isOpen() {
        return endedAt == null;
    }

    static final String COLUMNS = "s.id, s.account_id, a.organization_id, a.email, a.role, "
            + "(a.console_access AND a.password_hash IS NOT NULL) AS can_sign_in, "
            + "s.created_at, s.last_active_at, s.ended_at, s.ip, s.user_agent";

    /** Maps {@link #COLUMNS}. */
    public static final class Mapper implements RowMapper<OwnedSession> {

        @Override
        public OwnedSession mapRow(ResultSet rs, int rowNum) throws SQLException {
            return new OwnedSession(rs.getLong("id"), rs.getLong("account_id"),
                    rs.getObject("organization_id", Long.class), rs.getString("email"), rs.getString("role"),
                    rs.getBoolean("can_sign_in"), instant(rs.getTimestamp("created_at")),
                    instant(rs.getTimestamp("last_active_at")), instant(rs.getTimestamp("ended_at")),
                    rs.getString("ip"), rs.getString("user_agent"));
        }

        private static Instant instant(Timestamp timestamp) {
            return timestamp == null ? null : timestamp.toInstant();
        }
    }
}
