package io.storageconsole.support.service;

import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import javax.sql.DataSource;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The support queue and search with 100,000 accounts in 1,000 organizations and 10,000 open
 * requests (as many closed), through the service calls the support page makes. Not part of
 * {@code mvn -B test}; run it with {@code mvn -B test -Dtest=SupportSearchBenchmark -Dbenchmark=true}
 * (see BENCHMARKS.md); {@code benchmarks/run} includes it in the one table. Each deep page's median is
 * printed beside its list's first page.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SupportSearchBenchmark extends IntegrationTest {

    @Autowired private SupportQueue queue;
    @Autowired private SupportCases support;
    @Autowired private JdbcClient jdbc;
    @Autowired private DataSource dataSource;

    @Test
    void every_page_of_the_queue_and_the_searches_stays_within_25_ms_with_100000_accounts() throws Exception {
        SupportSearchMeasurement measurement = new SupportSearchMeasurement(queue, jdbc, dataSource, 1_000, 100, 10_000);
        Duration seeding = measurement.seed();
        TestAccounts.signIn(support.newSupportMember());
        double slowest;
        try {
            slowest = measurement.measure(20, 51);
        } finally {
            System.out.println();
            System.out.printf("Support search benchmark: %,d accounts in %,d organizations and %,d open requests "
                            + "inserted in %.1f s; median of 51 calls after 20 warm-up calls, %d rows a page%n",
                    measurement.organizations * measurement.accountsPerOrganization, measurement.organizations,
                    measurement.openRequests, seeding.toMillis() / 1000.0, SupportSearchMeasurement.PAGE);
            measurement.table().rows().forEach(System.out::println);
            System.out.println(io.storageconsole.testing.BenchmarkTable.machine());
            System.out.println();
        }
        Assertions.assertThat(slowest).as("the slowest page's median").isLessThanOrEqualTo(SupportSearchMeasurement.TARGET_MS);
        Assertions.assertThat(measurement.table().failed()).as("a figure missed its target").isFalse();
    }
}
