package io.storageconsole.audit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.audit.domain.AuditEvent;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

class AuditLogTest extends IntegrationTest {

    @Autowired
    private AuditLog auditLog;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void sign_up_is_recorded_with_actor_organization_and_target() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.signIn(root);

        AuditEvent created = auditLog.latestAbout(root.accountId(), 10).get(0);

        assertThat(created.eventType()).isEqualTo("ORGANIZATION_CREATED");
        assertThat(created.actorEmail()).isEqualTo(root.email());
        assertThat(created.organizationId()).isEqualTo(root.organizationId());
    }

    @Test
    void the_database_refuses_to_change_or_delete_an_audit_event() {
        SignedInAccount root = testAccounts.newOrganization();

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET details = 'forged' WHERE target_account_id = ?")
                .param(root.accountId()).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event WHERE target_account_id = ?")
                .param(root.accountId()).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
    }

    @Test
    void a_root_reads_its_own_sub_users_events_but_not_another_organizations() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount stranger = testAccounts.newOrganization();
        SignedInAccount subUser = testAccounts.newSubUser(root);
        TestAccounts.signIn(root);

        assertThat(auditLog.latestAbout(stranger.accountId(), 10)).isEmpty();
        assertThat(auditLog.latestAbout(root.accountId(), 10)).extracting(AuditEvent::eventType)
                .contains("ORGANIZATION_CREATED");

        TestAccounts.signIn(subUser);
        assertThatThrownBy(() -> auditLog.latestAbout(root.accountId(), 10)).isInstanceOf(AccessDeniedException.class);
    }
}
