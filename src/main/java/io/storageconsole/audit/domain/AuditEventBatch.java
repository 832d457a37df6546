package io.storageconsole.audit.domain;

import io.storageconsole.base.database.MultiRowInsert;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Many audit rows with one multi-row insert (a bulk reset audits thousands of users). */
@Repository
public class AuditEventBatch {

    private static final List<String> COLUMNS = List.of("occurred_at", "event_type", "actor_account_id", "actor_email",
            "organization_id", "target_account_id", "target_email", "details", "ip", "user_agent");

    private final JdbcTemplate jdbc;

    AuditEventBatch(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public int insert(List<AuditEvent> events) {
        return MultiRowInsert.insert(jdbc, "audit_event", COLUMNS, events.stream().map(event -> new Object[] {
                Timestamp.from(event.occurredAt()), event.eventType(), event.actorAccountId(), event.actorEmail(),
                event.organizationId(), event.targetAccountId(), event.targetEmail(), event.details(), event.ip(),
                event.userAgent()}).toList());
    }
}
