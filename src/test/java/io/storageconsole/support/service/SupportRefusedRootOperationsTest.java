package io.storageconsole.support.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.account.domain.SubUserQuery;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.account.service.SubUserDirectory;
import io.storageconsole.mfa.service.MfaAdministration;
import io.storageconsole.organization.service.MfaEnforcementSettings;
import io.storageconsole.organization.service.SessionLifetimeSettings;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.service.SubUserSessions;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * Support may look up any account but governs no organization: every root-only operation behind
 * Users and Organization-wide Policies refuses a support member, even one with MFA and a password
 * confirmed just now (the root's sudo mode), and nothing of the organization changes.
 */
class SupportRefusedRootOperationsTest extends IntegrationTest {

    @Autowired private SubUserDirectory directory;
    @Autowired private SubUserAdministration administration;
    @Autowired private MfaAdministration mfaAdministration;
    @Autowired private MfaEnforcementSettings mfaEnforcement;
    @Autowired private SessionLifetimeSettings sessionLifetimes;
    @Autowired private SubUserSessions sessions;
    @Autowired private PasswordConfirmation passwordConfirmation;
    @Autowired private SupportCases support;
    @Autowired private JdbcClient jdbc;

    @Test
    void a_support_member_is_refused_every_root_only_operation_of_the_organization_views() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(user, clock.instant());
        long org = root.organizationId();
        String before = stateOf(org);
        SignedInAccount member = support.newSupportMember();
        TestAccounts.inBrowser();
        TestAccounts.signIn(member);
        passwordConfirmation.confirmForSensitiveActions(TestAccounts.PASSWORD);
        int version = jdbc.sql("SELECT version FROM account WHERE id = ?").param(user.accountId()).query(Integer.class).single();

        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("subUserOfMyOrganization", () -> directory.subUserOfMyOrganization(user.accountId()));
        calls.put("page", () -> directory.page(org, SubUserQuery.all(), 0, 10, SubUserDirectory.UNKNOWN_TOTAL));
        calls.put("count", () -> directory.count(org, SubUserQuery.all()));
        calls.put("mfaCounts", () -> directory.mfaCounts(org));
        calls.put("exportCsv", () -> directory.exportCsv(org, SubUserQuery.all(), new ByteArrayOutputStream()));
        calls.put("addSubUser", () -> administration.addSubUser(org, TestAccounts.uniqueEmail("planted"), TestAccounts.PASSWORD));
        calls.put("deleteSubUser", () -> administration.deleteSubUser(org, user.accountId(), version));
        calls.put("turnOffConsoleAccess", () -> administration.turnOffConsoleAccess(org, user.accountId(), version));
        calls.put("turnOnConsoleAccess", () -> administration.turnOnConsoleAccess(org, user.accountId(), version, TestAccounts.PASSWORD));
        calls.put("inviteToConsole", () -> administration.inviteToConsole(org, user.accountId(), version));
        calls.put("MfaAdministration.reset", () -> mfaAdministration.reset(user.accountId(), version));
        calls.put("MfaAdministration.resetAll", () -> mfaAdministration.resetAll(Map.of(user.accountId(), version)));
        calls.put("MfaAdministration.require", () -> mfaAdministration.require(user.accountId(), version));
        calls.put("MfaAdministration.turnOff", () -> mfaAdministration.turnOff(user.accountId(), version));
        calls.put("mfaEnforcement", () -> mfaEnforcement.mfaEnforcement());
        calls.put("setMfaEnforcement", () -> mfaEnforcement.setMfaEnforcement(true, "", TestAccounts.PASSWORD));
        calls.put("sessionLifetime", () -> sessionLifetimes.current());
        calls.put("changeSessionLifetime", () -> sessionLifetimes.change(Duration.ofHours(1), false, null));
        calls.put("activeSessionCounts", () -> sessions.activeSessionCounts(List.of(user.accountId())));
        calls.put("endSessionsOfSubUser", () -> sessions.endSessionsOfSubUser(user.accountId()));

        calls.forEach((method, call) -> assertThatThrownBy(call).as(method).isInstanceOf(AccessDeniedException.class));
        assertThat(stateOf(org)).isEqualTo(before);
    }

    private String stateOf(long organizationId) {
        return jdbc.sql("SELECT CONCAT_WS('|', (SELECT GROUP_CONCAT(CONCAT(id, email, mfa_state, console_access, version) ORDER BY id) "
                        + "FROM account WHERE organization_id = ?), (SELECT CONCAT(mfa_enforced, session_idle_minutes, version) "
                        + "FROM organization WHERE id = ?))")
                .params(organizationId, organizationId).query(String.class).single();
    }
}
