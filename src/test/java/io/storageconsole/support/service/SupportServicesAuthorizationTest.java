package io.storageconsole.support.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.account.service.AccountLookup;
import io.storageconsole.base.database.Keyset;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.mfa.service.MfaAdministration;
import io.storageconsole.organization.service.OrganizationLookup;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInThrottle;
import io.storageconsole.session.SessionRows;
import io.storageconsole.session.service.SupportSessions;
import io.storageconsole.support.domain.RequestOutcome;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;

/**
 * Every support service method, and every method the other features added for support, called
 * directly as an attacker would: roots, sub-users, anonymous and half-signed-in callers are refused
 * by each, and nothing is read or changed; a support member without active MFA is refused as well.
 */
class SupportServicesAuthorizationTest extends IntegrationTest {

    private static final ActionReason REASON = new ActionReason(SupportReason.LOST_DEVICE, null, "SUP-1");

    @Autowired private SupportQueue queue;
    @Autowired private SupportDesk desk;
    @Autowired private IdentityVerification identity;
    @Autowired private SupportActions actions;
    @Autowired private HelpRequests helpRequests;
    @Autowired private AccountLookup accountLookup;
    @Autowired private OrganizationLookup organizationLookup;
    @Autowired private MfaAdministration mfaAdministration;
    @Autowired private SignInThrottle signInThrottle;
    @Autowired private SupportSessions supportSessions;
    @Autowired private SecurityHistory securityHistory;
    @Autowired private SupportCases support;
    @Autowired private JdbcClient jdbc;

    private SignedInAccount root;
    private SignedInAccount victim;
    private long victimSession;
    private long approvalId;
    private long requestId;
    private String before;

    @BeforeEach
    void aVictimWithMfaASessionARequestAndARootResetWaitingForApproval() {
        root = testAccounts.newOrganization();
        victim = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(victim, clock.instant());
        testAccounts.enrolMfa(root, clock.instant());
        victimSession = new SessionRows(jdbc).open(victim, SessionRows.CHROME_ON_WINDOWS, "198.51.100.7",
                clock.instant(), clock.instant());
        TestAccounts.signIn(testAccounts.atStage(victim, SignInStage.MFA_CHALLENGE));
        requestId = helpRequests.send("Lost my phone", "+41 00 000 00 00").id();
        SignedInAccount colleague = support.newSupportMember();
        support.verify(colleague, root);
        actions.resetMfa(root.accountId(), REASON);
        approvalId = jdbc.sql("SELECT id FROM support_reset_approval WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single();
        SupportCases.signOut();
        before = stateOfVictims();
    }

    @Test
    void every_public_method_of_the_support_services_is_in_this_test() {
        Set<String> covered = everyMethod().keySet();
        for (Class<?> service : List.of(SupportQueue.class, SupportDesk.class, IdentityVerification.class, SupportActions.class,
                SupportSessions.class)) {
            Set<String> declared = Arrays.stream(service.getDeclaredMethods())
                    .filter(method -> Modifier.isPublic(method.getModifiers()) && !method.isSynthetic())
                    .map(Method::getName).map(name -> service.getSimpleName() + "." + name)
                    .collect(Collectors.toSet());
            assertThat(covered).as(service.getSimpleName()).containsAll(declared);
        }
    }

    @Test
    void nobody_signed_in_is_refused_by_every_method() {
        SupportCases.signOut();

        everyMethod().forEach((method, call) ->
                assertThatThrownBy(call).as(method).isInstanceOf(AuthenticationCredentialsNotFoundException.class));

        assertNothingReadOrChanged();
    }

    @Test
    void a_root_user_is_refused_by_every_method_even_for_its_own_sub_user() {
        TestAccounts.signIn(root);

        everyMethod().forEach((method, call) -> assertThatThrownBy(call).as(method).isInstanceOf(AccessDeniedException.class));

        assertNothingReadOrChanged();
    }

    @Test
    void a_sub_user_is_refused_by_every_method() {
        TestAccounts.signIn(testAccounts.newSubUser(root));

        everyMethod().forEach((method, call) -> assertThatThrownBy(call).as(method).isInstanceOf(AccessDeniedException.class));

        assertNothingReadOrChanged();
    }

    @Test
    void a_half_signed_in_customer_and_a_half_signed_in_support_member_are_refused_by_every_method() {
        SignedInAccount member = support.newSupportMember();
        for (SignedInAccount halfway : List.of(testAccounts.atStage(victim, SignInStage.MFA_CHALLENGE),
                testAccounts.atStage(member, SignInStage.MFA_CHALLENGE), testAccounts.atStage(member, SignInStage.MFA_ENROLMENT))) {
            TestAccounts.signIn(halfway);

            everyMethod().forEach((method, call) ->
                    assertThatThrownBy(call).as(method + " as " + halfway).isInstanceOf(AccessDeniedException.class));
        }

        assertNothingReadOrChanged();
    }

    @Test
    void a_support_member_without_active_mfa_is_refused_by_every_support_service_method() {
        TestAccounts.signIn(testAccounts.newSupport());

        everyMethod().forEach((method, call) -> {
            if (isSupportService(method)) {
                assertThatThrownBy(call).as(method).isInstanceOf(ActionRefusedException.class)
                        .hasMessage(SupportMembers.MFA_REQUIRED);
            }
        });

        assertNothingReadOrChanged();
    }

    @Test
    void a_support_member_with_mfa_is_let_through_by_every_read() {
        SignedInAccount member = support.newSupportMember();
        TestAccounts.signIn(member);

        assertThat(queue.openRequests(Keyset.Request.first(200)).rows()).isNotEmpty();
        assertThat(desk.open(victim.accountId()).openRequest()).isPresent();
        assertThat(accountLookup.find(victim.accountId())).isPresent();
        assertThat(signInThrottle.blocksOf(victim.accountId())).isEmpty();
        assertThat(supportSessions.sessionsOf(victim.accountId())).hasSize(1);
        assertThat(securityHistory.recentEventsAbout(victim.accountId(), 10)).isNotEmpty();
    }

    @Test
    void the_customers_request_is_refused_to_everyone_but_a_sign_in_that_owes_a_code() {
        Map<String, SignedInAccount> callers = new LinkedHashMap<>();
        callers.put("root", root);
        callers.put("sub-user", victim);
        callers.put("support", support.newSupportMember());
        callers.put("sub-user who must enrol", testAccounts.atStage(testAccounts.newSubUser(root), SignInStage.MFA_ENROLMENT));
        callers.forEach((who, caller) -> {
            TestAccounts.signIn(caller);
            assertThatThrownBy(() -> helpRequests.send("Help", "phone")).as(who).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> helpRequests.mine()).as(who).isInstanceOf(AccessDeniedException.class);
        });
        SupportCases.signOut();
        assertThatThrownBy(() -> helpRequests.send("Help", "phone")).isInstanceOf(AuthenticationCredentialsNotFoundException.class);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM support_request WHERE account_id IN (?, ?)")
                .params(root.accountId(), victim.accountId()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT description FROM support_request WHERE id = ?").param(requestId)
                .query(String.class).single()).isEqualTo("Lost my phone");
    }

    private Map<String, ThrowingCallable> everyMethod() {
        long id = victim.accountId();
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("SupportQueue.openRequests", () -> queue.openRequests(Keyset.Request.first(10)));
        calls.put("SupportQueue.pendingApprovals", () -> queue.pendingApprovals(Keyset.Request.first(10)));
        calls.put("SupportQueue.searchAccounts", () -> queue.searchAccounts(null, victim.email(), Keyset.Request.first(10)));
        calls.put("SupportQueue.searchOrganizations", () -> queue.searchOrganizations("Test", Keyset.Request.first(10)));
        calls.put("SupportDesk.open", () -> desk.open(id));
        calls.put("SupportDesk.reload", () -> desk.reload(id));
        calls.put("SupportDesk.closeRequest", () -> desk.closeRequest(id, requestId, RequestOutcome.ANSWERED, null));
        calls.put("IdentityVerification.sendCode", () -> identity.sendCode(id));
        calls.put("IdentityVerification.verify", () -> identity.verify(id, "1234 5678"));
        calls.put("IdentityVerification.status", () -> identity.status(id));
        calls.put("SupportActions.resetMfa", () -> actions.resetMfa(id, REASON));
        calls.put("SupportActions.approveReset", () -> actions.approveReset(approvalId));
        calls.put("SupportActions.rejectReset", () -> actions.rejectReset(approvalId));
        calls.put("SupportActions.unlockCodes", () -> actions.unlockCodes(id, REASON));
        calls.put("SupportActions.liftSignInBlocks", () -> actions.liftSignInBlocks(id, REASON));
        calls.put("SupportActions.endSession", () -> actions.endSession(id, victimSession, REASON));
        calls.put("SupportActions.endAllSessions", () -> actions.endAllSessions(id, REASON));
        calls.put("AccountLookup.search", () -> accountLookup.search(null, "", Keyset.Request.first(10)));
        calls.put("AccountLookup.find", () -> accountLookup.find(id));
        calls.put("AccountLookup.findAll", () -> accountLookup.findAll(List.of(id)));
        calls.put("AccountLookup.rootsOf", () -> accountLookup.rootsOf(List.of(root.organizationId())));
        calls.put("OrganizationLookup.search", () -> organizationLookup.search("", Keyset.Request.first(10)));
        calls.put("OrganizationLookup.namesOf", () -> organizationLookup.namesOf(List.of(root.organizationId())));
        calls.put("MfaAdministration.resetBySupport", () -> mfaAdministration.resetBySupport(id, "attack"));
        calls.put("MfaAdministration.unlockCodesBySupport", () -> mfaAdministration.unlockCodesBySupport(id, "attack"));
        calls.put("MfaAdministration.statusForSupport", () -> mfaAdministration.statusForSupport(id));
        calls.put("SignInThrottle.blocksOf", () -> signInThrottle.blocksOf(id));
        calls.put("SignInThrottle.liftBlocks", () -> signInThrottle.liftBlocks(new AccountRef(id, victim.email()),
                root.organizationId(), "attack"));
        calls.put("SupportSessions.sessionsOf", () -> supportSessions.sessionsOf(id));
        calls.put("SupportSessions.endSessionOf", () -> supportSessions.endSessionOf(id, victimSession));
        calls.put("SupportSessions.endSessionsOf", () -> supportSessions.endSessionsOf(id));
        calls.put("SecurityHistory.recentEventsAbout", () -> securityHistory.recentEventsAbout(id, 10));
        return calls;
    }

    private static boolean isSupportService(String method) {
        return Stream.of("SupportQueue.", "SupportDesk.", "SupportActions.", "IdentityVerification.")
                .anyMatch(method::startsWith);
    }

    private void assertNothingReadOrChanged() {
        assertThat(stateOfVictims()).isEqualTo(before);
    }

    /** MFA, sessions, request, approval and support's audit rows about the two victims, in one line to compare. */
    private String stateOfVictims() {
        return jdbc.sql("SELECT CONCAT_WS('|', (SELECT GROUP_CONCAT(CONCAT(id, mfa_state, version)) FROM account WHERE id IN (?, ?)), "
                        + "(SELECT COUNT(*) FROM mfa_credential WHERE account_id IN (?, ?)), "
                        + "(SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id IN (?, ?) AND used_at IS NULL), "
                        + "(SELECT COALESCE(end_reason, 'open') FROM console_session WHERE id = ?), "
                        + "(SELECT COALESCE(outcome, 'open') FROM support_request WHERE id = ?), "
                        + "(SELECT COALESCE(outcome, 'pending') FROM support_reset_approval WHERE id = ?), "
                        + "(SELECT COUNT(*) FROM support_verification WHERE account_id = ?), "
                        + "(SELECT COUNT(*) FROM audit_event WHERE target_account_id IN (?, ?) AND (event_type LIKE 'SUPPORT!_%' "
                        + "ESCAPE '!' OR event_type IN ('MFA_RESET', 'MFA_CODES_UNLOCKED', 'SIGN_IN_BLOCKS_LIFTED', "
                        + "'SESSION_ENDED_BY_OTHER'))))")
                .params(root.accountId(), victim.accountId(), root.accountId(), victim.accountId(), root.accountId(),
                        victim.accountId(), victimSession, requestId, approvalId, victim.accountId(), root.accountId(),
                        victim.accountId())
                .query(String.class).single();
    }
}
