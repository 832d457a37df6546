package io.storageconsole.support.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SupportSearchBenchmark's measurement at a tiny size in every build, so it cannot rot: every list
 * of the support page walked forward and backward by keyset equals the same rows read in one query.
 * No timing is judged here.
 */
class SupportSearchSmokeTest extends IntegrationTest {

    @Autowired private SupportQueue queue;
    @Autowired private SupportCases support;
    @Autowired private JdbcClient jdbc;
    @Autowired private DataSource dataSource;

    @Test
    void every_page_of_the_queue_and_the_searches_comes_once_in_order_forward_and_backward() throws Exception {
        // The smallest size at which each timed list still has a full page after its middle.
        SupportSearchMeasurement measurement = new SupportSearchMeasurement(queue, jdbc, dataSource, 52, 52, 60);
        measurement.seed();
        TestAccounts.signIn(support.newSupportMember());

        measurement.walkEveryList();
        assertThat(measurement.measure(1, 3)).isPositive();
        assertThat(measurement.table().rows()).hasSize(10);
    }
}
