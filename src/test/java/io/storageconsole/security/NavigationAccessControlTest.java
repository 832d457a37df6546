package io.storageconsole.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.server.auth.NavigationAccessControl;
import io.storageconsole.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Vaadin's navigation access control is on from the start, before any HTTP request: beans are lazy,
 * and the security filter chain that switches it on was once built only by the first request, so
 * in-JVM navigation (the Karibu tests) opened every view unchecked. Seen failing that way.
 */
class NavigationAccessControlTest extends IntegrationTest {

    @Autowired
    private NavigationAccessControl navigationAccessControl;

    @Test
    void navigation_access_control_is_on_before_any_request() {
        assertThat(navigationAccessControl.isEnabled()).isTrue();
    }
}
