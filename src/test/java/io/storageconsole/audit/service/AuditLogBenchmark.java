package io.storageconsole.audit.service;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BenchmarkTable;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log and the own security activity with 100,000 audit rows in one organization, through
 * the service calls the pages make. Not part of {@code mvn -B test}; run it with
 * {@code mvn -B test -Dtest=AuditLogBenchmark -Dbenchmark=true} (see BENCHMARKS.md).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuditLogBenchmark extends IntegrationTest {

    @Autowired private OrganizationAuditLog auditLog;
    @Autowired private SecurityActivity activity;
    @Autowired private JdbcClient jdbc;

    @Test
    void every_count_and_first_page_of_the_audit_log_stays_within_25_ms_with_100000_rows() {
        SignedInAccount root = testAccounts.newOrganization();
        AuditLogMeasurement measurement = new AuditLogMeasurement(auditLog, activity, jdbc, root, 100_000);
        Duration seeding = measurement.seed();
        TestAccounts.signIn(root);
        double slowest;
        try {
            slowest = measurement.measure(5, 21);
        } finally {
            System.out.println();
            System.out.printf("Audit log benchmark: %,d audit rows in one organization inserted in %.1f s; "
                            + "median of 21 calls after 5 warm-up calls, %d rows a page%n",
                    measurement.rows, seeding.toMillis() / 1000.0, AuditLogMeasurement.PAGE);
            measurement.table().rows().forEach(System.out::println);
            System.out.println(BenchmarkTable.machine());
            System.out.println();
        }
        Assertions.assertThat(measurement.table().failed()).as("a figure missed its target (slowest median %.1f ms)", slowest)
                .isFalse();
    }
}
