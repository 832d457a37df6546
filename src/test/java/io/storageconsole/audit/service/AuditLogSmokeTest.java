package io.storageconsole.audit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.audit.domain.AuditQuery;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * AuditLogBenchmark's measurement at a tiny size in every build, so it cannot rot: every measured
 * query's count and first page agree with the same rows read by a plain query. No timing is judged.
 */
class AuditLogSmokeTest extends IntegrationTest {

    @Autowired private OrganizationAuditLog auditLog;
    @Autowired private SecurityActivity activity;
    @Autowired private JdbcClient jdbc;

    @Test
    void every_measured_query_finds_what_a_plain_scan_of_the_organization_finds() {
        SignedInAccount root = testAccounts.newOrganization();
        AuditLogMeasurement measurement = new AuditLogMeasurement(auditLog, activity, jdbc, root, 4_000);
        measurement.seed();
        TestAccounts.signIn(root);

        for (Map.Entry<String, AuditQuery> query : measurement.queries().entrySet()) {
            List<Long> expected = plainScan(root.organizationId(), query.getValue());
            assertThat(auditLog.page(root.organizationId(), query.getValue(), 0, 500)).as(query.getKey())
                    .extracting(AuditEntry::id).containsExactlyElementsOf(expected.subList(0, Math.min(500, expected.size())));
            assertThat(auditLog.count(root.organizationId(), query.getValue())).as(query.getKey()).isEqualTo(expected.size());
        }
        assertThat(measurement.measure(1, 3)).isPositive();
        assertThat(measurement.table().rows()).hasSize(measurement.queries().size() * 2 + 4);
    }

    /** The query's rows the slow, obvious way: every row of the organization, filtered in SQL without plans. */
    private List<Long> plainScan(long organizationId, AuditQuery query) {
        return jdbc.sql("""
                        SELECT id FROM audit_event IGNORE INDEX (ix_audit_event_organization_type_time,
                            ix_audit_event_organization_target_time, ix_audit_event_organization_actor_time)
                        WHERE organization_id = :organizationId
                          AND (:type IS NULL OR event_type = :type)
                          AND (:fromTime IS NULL OR occurred_at >= :fromTime) AND (:untilTime IS NULL OR occurred_at < :untilTime)
                          AND (:text IS NULL OR LOCATE(:text, actor_email) > 0 OR LOCATE(:text, target_email) > 0)
                        ORDER BY occurred_at DESC, id DESC""")
                .param("organizationId", organizationId).param("type", query.eventType())
                .param("fromTime", query.from() == null ? null : java.sql.Timestamp.from(query.from()))
                .param("untilTime", query.until() == null ? null : java.sql.Timestamp.from(query.until()))
                .param("text", query.userContains())
                .query(Long.class).list();
    }
}
