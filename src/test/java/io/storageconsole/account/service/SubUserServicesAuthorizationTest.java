package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.account.domain.SubUserQuery;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;

/** Every service method behind Users and Organization-wide Policies, called directly, as an attacker would. */
class SubUserServicesAuthorizationTest extends IntegrationTest {

    private static final String NEW_PASSWORD = "Sneaky-Passw0rd!";

    @Autowired
    private SubUserDirectory directory;

    @Autowired
    private SubUserAdministration administration;

    @Autowired
    private JdbcClient jdbc;

    private SignedInAccount victimRoot;
    private SignedInAccount victim;
    private String victimBefore;
    private ByteArrayOutputStream exported;
    private String addedEmail;

    @BeforeEach
    void anOrganizationWithOneSubUser() {
        victimRoot = testAccounts.newOrganization();
        victim = testAccounts.newSubUser(victimRoot);
        victimBefore = stateOf(victim.accountId());
        exported = new ByteArrayOutputStream();
        addedEmail = TestAccounts.uniqueEmail("planted");
    }

    @Test
    void a_root_of_another_organization_is_refused_by_every_method_for_that_organization() {
        SignedInAccount stranger = testAccounts.newOrganization();
        TestAccounts.signIn(stranger);

        everyMethod(victimRoot.organizationId(), victim.accountId()).forEach((method, call) ->
                assertThatThrownBy(call).as(method).isInstanceOf(AccessDeniedException.class));

        assertNothingReadOrChanged(stranger);
    }

    @Test
    void a_root_of_another_organization_is_refused_a_foreign_user_named_under_its_own_organization() {
        SignedInAccount stranger = testAccounts.newOrganization();
        TestAccounts.signIn(stranger);
        int version = versionOf(victim.accountId());

        assertThatThrownBy(() -> administration.deleteSubUser(stranger.organizationId(), victim.accountId(), version))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> administration.turnOffConsoleAccess(stranger.organizationId(), victim.accountId(), version))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> administration.turnOnConsoleAccess(stranger.organizationId(), victim.accountId(), version, NEW_PASSWORD))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> administration.inviteToConsole(stranger.organizationId(), victim.accountId(), version))
                .isInstanceOf(AccessDeniedException.class);

        assertNothingReadOrChanged(stranger);
    }

    @Test
    void a_root_cannot_treat_itself_as_a_sub_user() {
        TestAccounts.signIn(victimRoot);
        int version = versionOf(victimRoot.accountId());

        assertThatThrownBy(() -> administration.deleteSubUser(victimRoot.organizationId(), victimRoot.accountId(), version))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> administration.turnOffConsoleAccess(victimRoot.organizationId(), victimRoot.accountId(), version))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(versionOf(victimRoot.accountId())).isEqualTo(version);
    }

    @Test
    void a_sub_user_of_the_organization_is_refused_by_every_method() {
        SignedInAccount colleague = testAccounts.newSubUser(victimRoot);
        TestAccounts.signIn(colleague);

        everyMethod(victimRoot.organizationId(), victim.accountId()).forEach((method, call) ->
                assertThatThrownBy(call).as(method).isInstanceOf(AccessDeniedException.class));

        assertNothingReadOrChanged(colleague);
    }

    @Test
    void support_is_refused_by_every_method() {
        SignedInAccount support = testAccounts.newSupport();
        TestAccounts.signIn(support);

        everyMethod(victimRoot.organizationId(), victim.accountId()).forEach((method, call) ->
                assertThatThrownBy(call).as(method).isInstanceOf(AccessDeniedException.class));

        assertNothingReadOrChanged(support);
    }

    @Test
    void nobody_signed_in_is_refused_by_every_method() {
        everyMethod(victimRoot.organizationId(), victim.accountId()).forEach((method, call) ->
                assertThatThrownBy(call).as(method).isInstanceOf(AuthenticationCredentialsNotFoundException.class));

        assertThat(stateOf(victim.accountId())).isEqualTo(victimBefore);
    }

    @Test
    void setting_a_sub_users_password_or_deleting_them_needs_the_roots_password_confirmed_lately() {
        TestAccounts.inBrowser();
        TestAccounts.signIn(victimRoot);
        administration.turnOffConsoleAccess(victimRoot.organizationId(), victim.accountId(), versionOf(victim.accountId()));
        int version = versionOf(victim.accountId());

        assertThatThrownBy(() -> administration.turnOnConsoleAccess(victimRoot.organizationId(), victim.accountId(), version, NEW_PASSWORD))
                .isInstanceOf(ActionRefusedException.class).hasMessage(PasswordConfirmation.SUDO_EXPIRED);
        assertThatThrownBy(() -> administration.inviteToConsole(victimRoot.organizationId(), victim.accountId(), version))
                .isInstanceOf(ActionRefusedException.class).hasMessage(PasswordConfirmation.SUDO_EXPIRED);
        assertThatThrownBy(() -> administration.deleteSubUser(victimRoot.organizationId(), victim.accountId(), version))
                .isInstanceOf(ActionRefusedException.class).hasMessage(PasswordConfirmation.SUDO_EXPIRED);
        assertThat(versionOf(victim.accountId())).isEqualTo(version);

        testAccounts.signInWithConfirmedPassword(victimRoot);
        administration.turnOnConsoleAccess(victimRoot.organizationId(), victim.accountId(), version, NEW_PASSWORD);
        administration.deleteSubUser(victimRoot.organizationId(), victim.accountId(), versionOf(victim.accountId()));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE id = ?").param(victim.accountId()).query(Long.class).single()).isZero();
    }

    @Test
    void the_root_of_the_organization_is_let_through_by_every_method() {
        testAccounts.signInWithConfirmedPassword(victimRoot);

        everyMethod(victimRoot.organizationId(), victim.accountId()).forEach((method, call) -> {
            if (!method.equals("turnOnConsoleAccess")) {
                try {
                    call.call();
                } catch (Throwable e) {
                    throw new AssertionError(method + " refused the root", e);
                }
            }
        });

        assertThat(exported.toString()).startsWith(SubUserCsv.HEADER);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email = ?").param(addedEmail).query(Long.class).single()).isEqualTo(1);
    }

    /** Each method, aimed at the victim's organization; the last ones change the victim. */
    private Map<String, ThrowingCallable> everyMethod(long organizationId, long accountId) {
        int version = versionOf(accountId);
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("page", () -> directory.page(organizationId, SubUserQuery.all(), 0, 50, SubUserDirectory.UNKNOWN_TOTAL));
        calls.put("count", () -> directory.count(organizationId, SubUserQuery.all()));
        calls.put("mfaCounts", () -> directory.mfaCounts(organizationId));
        calls.put("exportCsv", () -> directory.exportCsv(organizationId, SubUserQuery.all(), exported));
        calls.put("addSubUser", () -> administration.addSubUser(organizationId, addedEmail, NEW_PASSWORD));
        calls.put("turnOnConsoleAccess", () -> administration.turnOnConsoleAccess(organizationId, accountId, version, NEW_PASSWORD));
        calls.put("turnOffConsoleAccess", () -> administration.turnOffConsoleAccess(organizationId, accountId, version));
        // Access is off by now for a permitted caller: inviting gives it back by email.
        calls.put("inviteToConsole", () -> administration.inviteToConsole(organizationId, accountId, versionOf(accountId)));
        // Turning access off changes the version, so a permitted caller's delete names the one it sees then.
        calls.put("deleteSubUser", () -> administration.deleteSubUser(organizationId, accountId, versionOf(accountId)));
        return calls;
    }

    private void assertNothingReadOrChanged(SignedInAccount caller) {
        assertThat(exported.size()).isZero();
        assertThat(stateOf(victim.accountId())).isEqualTo(victimBefore);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email = ?").param(addedEmail).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE actor_account_id = ? AND event_type IN "
                        + "('SUB_USER_ADDED', 'SUB_USER_DELETED', 'CONSOLE_ACCESS_TURNED_ON', 'CONSOLE_ACCESS_TURNED_OFF', 'SUB_USERS_EXPORTED')")
                .param(caller.accountId()).query(Long.class).single()).isZero();
    }

    private String stateOf(long accountId) {
        return jdbc.sql("SELECT CONCAT_WS('|', email, console_access, COALESCE(password_hash, '-'), mfa_state, version) FROM account WHERE id = ?")
                .param(accountId).query(String.class).single();
    }

    private int versionOf(long accountId) {
        return jdbc.sql("SELECT version FROM account WHERE id = ?").param(accountId).query(Integer.class).single();
    }
}
