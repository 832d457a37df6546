package io.storageconsole.audit.service;

import java.util.List;
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

        var created = jdbc.sql("SELECT event_type, actor_email, organization_id FROM audit_event "
                        + "WHERE target_account_id = ? ORDER BY id LIMIT 1")
                .param(root.accountId())
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .single();

        assertThat(created).containsExactly("ORGANIZATION_CREATED", root.email(), root.organizationId());
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
}
