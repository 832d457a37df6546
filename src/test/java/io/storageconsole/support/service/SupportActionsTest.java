package io.storageconsole.support.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.mfa.service.CodeLockedException;
import io.storageconsole.mfa.service.MfaAdministration;
import io.storageconsole.mfa.service.SecondFactorService;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.ClientAddress;
import io.storageconsole.security.service.SignInThrottle;
import io.storageconsole.session.SessionRows;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

class SupportActionsTest extends IntegrationTest {

    private static final ActionReason REASON = new ActionReason(SupportReason.LOST_DEVICE, null, "SUP-1042");

    @Autowired private SupportActions actions;
    @Autowired private IdentityVerification identity;
    @Autowired private SupportCases support;
    @Autowired private MfaAdministration mfaAdministration;
    @Autowired private SecondFactorService secondFactor;
    @Autowired private SignInThrottle signInThrottle;
    @Autowired private JdbcClient jdbc;

    private SignedInAccount member;
    private SignedInAccount root;
    private SignedInAccount user;
    private String userSecret;
    private SessionRows sessions;

    @BeforeEach
    void aSupportMemberAndASubUserWithMfa() {
        member = support.newSupportMember();
        root = testAccounts.newOrganization();
        user = testAccounts.newSubUser(root);
        userSecret = testAccounts.enrolMfa(user, clock.instant()).secret();
        sessions = new SessionRows(jdbc);
    }

    @Test
    void reset_mfa_of_a_sub_user_removes_mfa_and_recovery_codes_ends_every_session_and_tells_the_owner_and_the_root() throws Exception {
        long laptop = sessions.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());
        long phone = sessions.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.2", clock.instant(), clock.instant());
        support.verify(member, user);

        assertThat(actions.resetMfa(user.accountId(), REASON)).isEqualTo(SupportActions.ResetResult.RESET);

        assertThat(mfaState(user)).isEqualTo("PENDING");
        assertThat(count("SELECT COUNT(*) FROM mfa_credential WHERE account_id = ?", user)).isZero();
        assertThat(count("SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id = ?", user)).isZero();
        assertThat(sessions.endReasonOf(laptop)).isEqualTo("CREDENTIALS_CHANGED");
        assertThat(sessions.endReasonOf(phone)).isEqualTo("CREDENTIALS_CHANGED");
        assertThat(jdbc.sql("SELECT CONCAT(actor_email, ': ', details) FROM audit_event WHERE target_account_id = ? "
                        + "AND event_type = 'MFA_RESET'").param(user.accountId()).query(String.class).single())
                .isEqualTo(member.email() + ": Reset by support. Reason: Lost or replaced authenticator device. Ticket: SUP-1042.");
        assertThat(eventsFiledOutsideTheOrganization(user, root)).isZero();
        assertThat(SupportCases.awaitSubject(user.email(), "Multi-factor authentication was reset").getContent().toString())
                .contains("SUP-1042");
        MimeMessage toRoot = SupportCases.awaitSubject(root.email(), "Support acted on a user of your organization");
        assertThat(toRoot.getContent().toString()).contains(user.email()).contains("SUP-1042");
        // At the next sign-in the user must enrol again.
        TestAccounts.signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));
        assertThatThrownBy(() -> secondFactor.signInWithCode(TotpCodes.codeAt(userSecret, clock.instant())))
                .isInstanceOf(ActionRefusedException.class);
    }

    @Test
    void every_action_but_ending_sessions_is_refused_without_a_verified_identity_and_nothing_changes() {
        lockCodes(user);
        blockSignIn(user, "203.0.113.9");
        TestAccounts.signIn(member);

        assertThatThrownBy(() -> actions.resetMfa(user.accountId(), REASON))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.NOT_VERIFIED);
        assertThatThrownBy(() -> actions.unlockCodes(user.accountId(), REASON))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.NOT_VERIFIED);
        assertThatThrownBy(() -> actions.liftSignInBlocks(user.accountId(), REASON))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.NOT_VERIFIED);

        assertThat(mfaState(user)).isEqualTo("ACTIVE");
        assertThat(mfaAdministration.statusForSupport(user.accountId()).codesLockedUntil()).isNotNull();
        assertThat(signInThrottle.blocksOf(user.accountId())).hasSize(1);
    }

    @Test
    void a_verification_older_than_30_minutes_no_longer_lets_support_act() {
        support.verify(member, user);
        clock.advance(IdentityVerification.VERIFIED_FOR.plusSeconds(1));

        assertThatThrownBy(() -> actions.resetMfa(user.accountId(), REASON))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.NOT_VERIFIED);
        assertThat(mfaState(user)).isEqualTo("ACTIVE");
    }

    @Test
    void a_colleagues_verification_does_not_let_another_member_act() {
        support.verify(support.newSupportMember(), user);
        TestAccounts.signIn(member);

        assertThat(identity.status(user.accountId()).verified()).isTrue();
        assertThat(identity.status(user.accountId()).verifiedByMe()).isFalse();
        assertThatThrownBy(() -> actions.resetMfa(user.accountId(), REASON))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.NOT_VERIFIED);
        assertThat(mfaState(user)).isEqualTo("ACTIVE");
    }

    @Test
    void ending_one_or_all_sessions_needs_no_verification_and_is_audited_with_reason_and_ticket() throws Exception {
        long first = sessions.open(user, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());
        long second = sessions.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.2", clock.instant(), clock.instant());
        long third = sessions.open(user, SessionRows.FIREFOX_ON_MACOS, "198.51.100.3", clock.instant(), clock.instant());
        TestAccounts.signIn(member);

        assertThat(actions.endSession(user.accountId(), first, REASON)).isTrue();
        assertThat(sessions.endReasonOf(first)).isEqualTo("ENDED_BY_SUPPORT");
        assertThat(sessions.endReasonOf(second)).isNull();
        assertThat(actions.endAllSessions(user.accountId(), REASON)).isEqualTo(2);
        assertThat(sessions.endReasonOf(third)).isEqualTo("ENDED_BY_SUPPORT");

        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE target_account_id = ? AND event_type = 'SUPPORT_SESSIONS_ENDED' "
                        + "ORDER BY id").param(user.accountId()).query(String.class).list())
                .containsExactly("1 session ended by support. Reason: Lost or replaced authenticator device. Ticket: SUP-1042.",
                        "2 sessions ended by support. Reason: Lost or replaced authenticator device. Ticket: SUP-1042.");
        assertThat(SupportCases.awaitSubject(user.email(), "Support signed out sessions of your account").getContent().toString())
                .contains("SUP-1042");
        assertThat(mfaState(user)).isEqualTo("ACTIVE");
    }

    @Test
    void a_session_of_another_account_is_refused() {
        long othersSession = sessions.open(root, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());
        TestAccounts.signIn(member);

        assertThatThrownBy(() -> actions.endSession(user.accountId(), othersSession, REASON))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(sessions.endReasonOf(othersSession)).isNull();
    }

    @Test
    void a_missing_reason_an_empty_other_reason_and_a_bad_ticket_are_refused_on_their_fields() {
        support.verify(member, user);

        assertThatThrownBy(() -> actions.resetMfa(user.accountId(), new ActionReason(null, null, "")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("reason", "ticket"));
        assertThatThrownBy(() -> actions.resetMfa(user.accountId(), new ActionReason(SupportReason.OTHER, " ", "SUP 1; DROP")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("otherReason", "ticket"));

        assertThat(mfaState(user)).isEqualTo("ACTIVE");
        actions.resetMfa(user.accountId(), new ActionReason(SupportReason.OTHER, "Customer asked by phone", "INC#7/2"));
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE target_account_id = ? AND event_type = 'MFA_RESET'")
                .param(user.accountId()).query(String.class).single()).contains("Reason: Other: Customer asked by phone. Ticket: INC#7/2.");
    }

    @Test
    void unlock_mfa_codes_lets_codes_through_again_and_tells_the_owner() throws Exception {
        lockCodes(user);
        support.verify(member, user);
        assertThat(mfaAdministration.statusForSupport(user.accountId()).codesLockedUntil()).isNotNull();

        actions.unlockCodes(user.accountId(), REASON);

        assertThat(mfaAdministration.statusForSupport(user.accountId()).codesLockedUntil()).isNull();
        assertThat(eventsFiledOutsideTheOrganization(user, root)).isZero();
        assertThat(SupportCases.awaitSubject(user.email(), "Support unlocked your MFA codes").getContent().toString())
                .contains("SUP-1042");
        TestAccounts.signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));
        clock.advance(Duration.ofSeconds(30));
        assertThat(secondFactor.signInWithCode(TotpCodes.codeAt(userSecret, clock.instant())).isComplete()).isTrue();
    }

    @Test
    void lift_sign_in_blocks_forgets_every_blocked_address_of_the_account_only() throws Exception {
        blockSignIn(user, "203.0.113.9");
        blockSignIn(user, "203.0.113.10");
        blockSignIn(root, "203.0.113.9");
        support.verify(member, user);
        assertThat(signInThrottle.blocksOf(user.accountId())).extracting(SignInThrottle.SignInBlock::ip)
                .containsExactly("203.0.113.10", "203.0.113.9");

        assertThat(actions.liftSignInBlocks(user.accountId(), REASON)).isEqualTo(2);

        assertThat(signInThrottle.blocksOf(user.accountId())).isEmpty();
        assertThat(signInThrottle.blocksOf(root.accountId())).hasSize(1);
        assertThat(SupportCases.awaitSubject(user.email(), "Support lifted the sign-in blocks of your account").getContent()
                .toString()).contains("203.0.113.10");
    }

    @Test
    void support_accounts_are_not_supports_to_act_on() {
        SignedInAccount colleague = support.newSupportMember();
        TestAccounts.signIn(member);

        assertThatThrownBy(() -> identity.sendCode(colleague.accountId())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actions.endAllSessions(colleague.accountId(), REASON)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actions.resetMfa(colleague.accountId(), REASON)).isInstanceOf(AccessDeniedException.class);
    }

    // Four eyes on a root account's reset.

    @Test
    void resetting_a_roots_mfa_asks_for_approval_and_the_member_who_asked_cannot_approve_it() {
        testAccounts.enrolMfa(root, clock.instant());
        support.verify(member, root);

        assertThat(actions.resetMfa(root.accountId(), REASON)).isEqualTo(SupportActions.ResetResult.APPROVAL_REQUESTED);
        long approval = pendingApprovalOf(root);

        assertThat(mfaState(root)).isEqualTo("ACTIVE");
        assertThatThrownBy(() -> actions.approveReset(approval))
                .isInstanceOf(ActionRefusedException.class).hasMessage(SupportActions.OWN_APPROVAL);
        assertThatThrownBy(() -> actions.resetMfa(root.accountId(), REASON))
                .isInstanceOf(ActionRefusedException.class).hasMessage(SupportActions.APPROVAL_ALREADY_ASKED);
        assertThat(mfaState(root)).isEqualTo("ACTIVE");
        assertThat(jdbc.sql("SELECT outcome FROM support_reset_approval WHERE id = ?").param(approval)
                .query(String.class).optional()).isEmpty();
    }

    @Test
    void a_second_member_approves_and_the_roots_mfa_is_reset_with_every_session_ended() {
        testAccounts.enrolMfa(root, clock.instant());
        long session = sessions.open(root, SessionRows.CHROME_ON_WINDOWS, "198.51.100.1", clock.instant(), clock.instant());
        support.verify(member, root);
        actions.resetMfa(root.accountId(), REASON);
        long approval = pendingApprovalOf(root);
        SignedInAccount second = support.newSupportMember();
        TestAccounts.signIn(second);

        actions.approveReset(approval);

        assertThat(mfaState(root)).isEqualTo("PENDING");
        assertThat(sessions.endReasonOf(session)).isEqualTo("CREDENTIALS_CHANGED");
        assertThat(jdbc.sql("SELECT CONCAT(outcome, '/', decided_by) FROM support_reset_approval WHERE id = ?").param(approval)
                .query(String.class).single()).isEqualTo("APPROVED/" + second.accountId());
        assertThat(jdbc.sql("SELECT GROUP_CONCAT(event_type ORDER BY id) FROM audit_event WHERE target_account_id = ? "
                        + "AND event_type IN ('SUPPORT_MFA_RESET_REQUESTED', 'SUPPORT_MFA_RESET_APPROVED', 'MFA_RESET')")
                .param(root.accountId()).query(String.class).single())
                .isEqualTo("SUPPORT_MFA_RESET_REQUESTED,SUPPORT_MFA_RESET_APPROVED,MFA_RESET");
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE target_account_id = ? AND event_type = 'MFA_RESET'")
                .param(root.accountId()).query(String.class).single())
                .contains("Asked for by " + member.email() + ", approved by " + second.email());
    }

    @Test
    void an_approval_after_the_askers_verification_expired_is_refused_and_the_asker_may_ask_anew() {
        testAccounts.enrolMfa(root, clock.instant());
        support.verify(member, root);
        actions.resetMfa(root.accountId(), REASON);
        long approval = pendingApprovalOf(root);
        clock.advance(IdentityVerification.VERIFIED_FOR.plusMinutes(1));
        TestAccounts.signIn(support.newSupportMember());

        assertThatThrownBy(() -> actions.approveReset(approval))
                .isInstanceOf(ActionRefusedException.class).hasMessage(SupportActions.APPROVAL_VERIFICATION_EXPIRED);
        assertThat(mfaState(root)).isEqualTo("ACTIVE");

        support.verify(member, root);
        actions.resetMfa(root.accountId(), REASON);
        assertThat(jdbc.sql("SELECT outcome FROM support_reset_approval WHERE id = ?").param(approval)
                .query(String.class).single()).isEqualTo("WITHDRAWN");
        assertThat(pendingApprovalOf(root)).isNotEqualTo(approval);
    }

    @Test
    void another_member_rejects_and_the_asker_withdraws_and_nothing_is_reset() {
        testAccounts.enrolMfa(root, clock.instant());
        support.verify(member, root);
        actions.resetMfa(root.accountId(), REASON);
        long rejected = pendingApprovalOf(root);
        TestAccounts.signIn(support.newSupportMember());
        actions.rejectReset(rejected);
        TestAccounts.signIn(member);
        actions.resetMfa(root.accountId(), REASON);
        long withdrawn = pendingApprovalOf(root);
        actions.rejectReset(withdrawn);

        assertThat(jdbc.sql("SELECT GROUP_CONCAT(outcome ORDER BY id) FROM support_reset_approval WHERE account_id = ?")
                .param(root.accountId()).query(String.class).single()).isEqualTo("REJECTED,WITHDRAWN");
        assertThat(mfaState(root)).isEqualTo("ACTIVE");
        assertThatThrownBy(() -> actions.approveReset(withdrawn))
                .isInstanceOf(ActionRefusedException.class).hasMessage(SupportActions.APPROVAL_ALREADY_DECIDED);
    }

    @Test
    void ten_members_approving_at_once_reset_the_root_once() throws Exception {
        testAccounts.enrolMfa(root, clock.instant());
        support.verify(member, root);
        actions.resetMfa(root.accountId(), REASON);
        long approval = pendingApprovalOf(root);
        List<SignedInAccount> approvers = Stream.generate(support::newSupportMember).limit(10).toList();
        ExecutorService threads = Executors.newFixedThreadPool(approvers.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (SignedInAccount approver : approvers) {
                results.add(threads.submit((Callable<String>) () -> {
                    TestAccounts.signIn(approver);
                    start.await();
                    try {
                        actions.approveReset(approval);
                        return "approved";
                    } catch (ActionRefusedException e) {
                        return e.getMessage();
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                }));
            }
            start.countDown();
            List<String> answers = new ArrayList<>();
            for (Future<String> result : results) {
                answers.add(result.get());
            }
            assertThat(answers).filteredOn("approved"::equals).hasSize(1);
            assertThat(Set.copyOf(answers)).containsExactlyInAnyOrder("approved", SupportActions.APPROVAL_ALREADY_DECIDED);
        } finally {
            threads.shutdown();
        }
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = 'MFA_RESET'", root))
                .isEqualTo(1);
    }

    private long pendingApprovalOf(SignedInAccount account) {
        return jdbc.sql("SELECT id FROM support_reset_approval WHERE pending_account_id = ?").param(account.accountId())
                .query(Long.class).single();
    }

    /** Five wrong codes at the second sign-in step lock the account's codes. */
    /** Audit rows about the user that the root's audit log would miss: filed under no or another organization. */
    private long eventsFiledOutsideTheOrganization(SignedInAccount user, SignedInAccount root) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND NOT organization_id <=> ?")
                .params(user.accountId(), root.organizationId()).query(Long.class).single();
    }

        private void lockCodes(SignedInAccount account) {
        Set<String> current = Set.of(TotpCodes.codeAt(userSecret, clock.instant().minusSeconds(30)),
                TotpCodes.codeAt(userSecret, clock.instant()), TotpCodes.codeAt(userSecret, clock.instant().plusSeconds(30)));
        String wrong = Stream.of("000000", "111111", "222222", "333333").filter(code -> !current.contains(code))
                .findFirst().orElseThrow();
        TestAccounts.signIn(testAccounts.atStage(account, SignInStage.MFA_CHALLENGE));
        for (int i = 0; i < 5; i++) {
            try {
                secondFactor.signInWithCode(wrong);
            } catch (InvalidInputException | CodeLockedException expected) {
                // Each wrong code counts; the fifth starts the lock.
            }
        }
        SupportCases.signOut();
    }

    /** Five failed sign-ins from one address block it for the account. */
    private void blockSignIn(SignedInAccount account, String ip) {
        for (int i = 0; i < 5; i++) {
            signInThrottle.reserve(account, ClientAddress.of(ip));
        }
    }

    private String mfaState(SignedInAccount account) {
        return jdbc.sql("SELECT mfa_state FROM account WHERE id = ?").param(account.accountId()).query(String.class).single();
    }

    private long count(String sql, SignedInAccount account) {
        return jdbc.sql(sql).param(account.accountId()).query(Long.class).single();
    }
}
