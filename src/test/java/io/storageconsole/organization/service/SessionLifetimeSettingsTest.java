package io.storageconsole.organization.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.session.service.SessionLifetime;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

class SessionLifetimeSettingsTest extends IntegrationTest {

    @Autowired
    private SessionLifetimeSettings settings;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_new_organization_and_support_get_thirty_days_of_inactivity_and_no_absolute_limit() {
        SignedInAccount root = testAccounts.newOrganization();

        assertThat(settings.sessionLifetimeOf(root.organizationId())).isEqualTo(SessionLifetime.DEFAULT);
        assertThat(settings.sessionLifetimeOf(null)).isEqualTo(SessionLifetime.DEFAULT);
        assertThat(SessionLifetime.DEFAULT.inactivityTimeout()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void the_root_changes_the_limits_and_the_change_is_audited() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.signIn(root);

        settings.change(Duration.ofMinutes(15), true, 7);

        assertThat(settings.sessionLifetimeOf(root.organizationId()))
                .isEqualTo(new SessionLifetime(Duration.ofMinutes(15), Duration.ofDays(7)));
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE event_type = 'SESSION_LIFETIME_CHANGED' AND organization_id = ?")
                .param(root.organizationId()).query(String.class).single())
                .isEqualTo("Sessions end after 15 minutes of inactivity; require login after: 7 days");

        settings.change(Duration.ofDays(90), false, 7);
        assertThat(settings.current()).isEqualTo(new SessionLifetime(Duration.ofDays(90), null));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "14, false, null, inactivityTimeout",
        "129601, false, null, inactivityTimeout",
        "null, false, null, inactivityTimeout",
        "-30, false, null, inactivityTimeout",
        "60, true, null, requireLoginAfter",
        "60, true, 0, requireLoginAfter",
        "60, true, 91, requireLoginAfter",
        "60, true, -1, requireLoginAfter"
    })
    void out_of_range_limits_are_refused_with_a_message_and_nothing_changes(Integer minutes, boolean requireLogin,
                                                                              Integer days, String field) {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.signIn(root);

        assertThatThrownBy(() -> settings.change(minutes == null ? null : Duration.ofMinutes(minutes), requireLogin, days))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor(field)).isNotBlank());
        assertThat(settings.current()).isEqualTo(SessionLifetime.DEFAULT);
    }

    @Test
    void the_edges_of_the_ranges_are_allowed() {
        TestAccounts.signIn(testAccounts.newOrganization());

        assertThat(settings.change(Duration.ofMinutes(15), true, 1).requireLoginAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.change(Duration.ofDays(90), true, 90).inactivityTimeout()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void a_sub_user_and_support_cannot_change_it() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.signIn(testAccounts.newSubUser(root));
        assertThatThrownBy(() -> settings.change(Duration.ofMinutes(15), false, null)).isInstanceOf(AccessDeniedException.class);
        TestAccounts.signIn(testAccounts.newSupport());
        assertThatThrownBy(() -> settings.change(Duration.ofMinutes(15), false, null)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> settings.current()).isInstanceOf(AccessDeniedException.class);

        assertThat(settings.sessionLifetimeOf(root.organizationId())).isEqualTo(SessionLifetime.DEFAULT);
    }
}
