package io.storageconsole.organization.domain;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An organization's session limits alone, mapped by hand: every request with a console session asks
 * for them, and the sub-user grid for each page. The whole {@link Organization} through the
 * repository took about 0.7 ms a read here, in a read-only transaction of its own (decision 0053).
 */
@Repository
public class OrganizationSessionLimits {

    /** @param maxDays null for no absolute limit */
    public record Limits(int idleMinutes, Integer maxDays) {
    }

    private final JdbcClient jdbc;

    OrganizationSessionLimits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Limits> find(long organizationId) {
        return jdbc.sql("SELECT session_idle_minutes, session_max_days FROM organization WHERE id = ?")
                .param(organizationId)
                .query((rs, n) -> new Limits(rs.getInt(1), rs.getObject(2, Integer.class)))
                .optional();
    }
}
