package io.storageconsole.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.storageconsole.testing.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;

class HealthEndpointTest extends IntegrationTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void the_health_endpoint_is_open_to_load_balancers_and_says_up_without_naming_its_parts() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").doesNotContain("\"db\"", "components");
    }

    @Test
    void other_pages_need_a_sign_in() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/users")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void nothing_records_metrics_or_observations_that_nobody_reads() {
        assertThat(context.getBeanNamesForType(ObservationRegistry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(MeterRegistry.class)).isEmpty();
        // With a registry, Spring Security wraps each of its filters in an observation (decision 0053).
        assertThat(context.getBean(FilterChainProxy.class)).extracting("filterChainDecorator")
                .isNotInstanceOf(ObservationFilterChainDecorator.class);
    }
}
