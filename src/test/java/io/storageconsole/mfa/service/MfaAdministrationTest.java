package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.ConcurrentChangeException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.organization.service.MfaEnforcementSettings;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.FreshCounts;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import io.storageconsole.session.SessionRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import io.storageconsole.security.service.SecondFactorPolicy;

class MfaAdministrationTest extends IntegrationTest {

    @Autowired
    private MfaAdministration administration;

    @Autowired
    private MfaEnforcementSettings organizations;


    @Autowired
    private SecondFactorPolicy stages;

    @Autowired
    private SubUserAdministration subUsers;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_root_resets_a_sub_users_mfa_and_the_sub_user_is_told_and_must_enrol_again() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(user, clock.instant());
        testAccounts.signInWithConfirmedPassword(root);

        administration.reset(user.accountId(), version(user));

        assertThat(testAccounts.mfaStateOf(user.accountId())).isEqualTo(MfaState.PENDING);
        assertThat(stageAtSignIn(user)).isEqualTo(SignInStage.MFA_ENROLMENT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'MFA_RESET' AND target_account_id = ? AND actor_account_id = ?")
                .params(user.accountId(), root.accountId()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ? AND subject = 'Multi-factor authentication was reset'")
                .param(user.email()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_bulk_reset_audits_one_event_per_user_and_skips_users_without_mfa() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount withMfa = testAccounts.newSubUser(root);
        SignedInAccount pending = testAccounts.newSubUser(root);
        SignedInAccount without = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(withMfa, clock.instant());
        testAccounts.signInWithConfirmedPassword(root);
        administration.require(pending.accountId(), version(pending));

        MfaAdministration.BulkReset result = administration.resetAll(asSeen(withMfa, pending, without));

        assertThat(result).isEqualTo(new MfaAdministration.BulkReset(3, 2, 0, 0));
        assertThat(jdbc.sql("SELECT target_email FROM audit_event WHERE event_type = 'MFA_RESET' AND actor_account_id = ? "
                        + "AND organization_id = ? AND details = 'Reset by the root user (bulk)'")
                .params(root.accountId(), root.organizationId()).query(String.class).list())
                .containsExactlyInAnyOrder(withMfa.email(), pending.email());
        assertThat(jdbc.sql("SELECT recipient FROM mail_outbox WHERE subject = 'Multi-factor authentication was reset' "
                        + "AND recipient IN (?, ?, ?)")
                .params(withMfa.email(), pending.email(), without.email()).query(String.class).list())
                .containsExactlyInAnyOrder(withMfa.email(), pending.email());
        assertThat(testAccounts.mfaStateOf(without.accountId())).isEqualTo(MfaState.OFF);
        FreshCounts.assertExact(jdbc, root.organizationId(), "after a bulk reset");
    }

    @Test
    void mfa_turned_on_by_the_root_means_enrolment_at_the_next_sign_in_and_off_is_refused_while_enforced() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        testAccounts.signInWithConfirmedPassword(root);

        administration.require(user.accountId(), version(user));
        assertThat(stageAtSignIn(user)).isEqualTo(SignInStage.MFA_ENROLMENT);

        organizations.setMfaEnforcement(true, null, TestAccounts.PASSWORD);
        assertThatThrownBy(() -> administration.turnOff(user.accountId(), version(user)))
                .isInstanceOf(ActionRefusedException.class).hasMessage(MfaService.ENFORCED);

        organizations.setMfaEnforcement(false, null, TestAccounts.PASSWORD);
        administration.turnOff(user.accountId(), version(user));
        assertThat(stageAtSignIn(user)).isEqualTo(SignInStage.COMPLETE);
    }

    @Test
    void enforcement_makes_everyone_without_mfa_enrol_the_root_included_after_the_grace_period() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        TestAccounts.signIn(root);

        organizations.setMfaEnforcement(true, "7", TestAccounts.PASSWORD);
        assertThat(stageAtSignIn(user)).as("within the grace period").isEqualTo(SignInStage.COMPLETE);

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(stageAtSignIn(user)).isEqualTo(SignInStage.MFA_ENROLMENT);
        assertThat(stageAtSignIn(root)).isEqualTo(SignInStage.MFA_ENROLMENT);

        TestAccounts.signIn(root);
        organizations.setMfaEnforcement(true, "0", TestAccounts.PASSWORD);
        assertThat(organizations.mfaEnforcement().graceEndsAt()).isNull();
    }

    @Test
    void changing_enforcement_asks_for_the_password_and_a_sane_grace_period() {
        TestAccounts.signIn(testAccounts.newOrganization());

        assertThatThrownBy(() -> organizations.setMfaEnforcement(true, null, "Wrong-Passw0rd!"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.messageFor("password")).isNotBlank());
        for (String unreadable : List.of("91", "-1", "abc", "2147483648", "1e3", "7 days")) {
            assertThatThrownBy(() -> organizations.setMfaEnforcement(true, unreadable, TestAccounts.PASSWORD))
                    .as(unreadable).isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.messageFor("graceDays")).isEqualTo(MfaEnforcementSettings.GRACE_DAYS_PROBLEM));
        }
        assertThat(organizations.mfaEnforcement().enforced()).isFalse();
    }

    @Test
    void a_root_of_another_organization_is_refused_by_every_method() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(user, clock.instant());
        testAccounts.signInWithConfirmedPassword(testAccounts.newOrganization());

        int seen = version(user);
        assertThatThrownBy(() -> administration.reset(user.accountId(), seen)).isInstanceOf(AccessDeniedException.class);
        assertThat(administration.resetAll(java.util.Map.of(user.accountId(), seen)))
                .as("another organization's user is not there to reset").isEqualTo(new MfaAdministration.BulkReset(1, 0, 0, 1));
        assertThatThrownBy(() -> administration.require(user.accountId(), seen)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> administration.turnOff(user.accountId(), seen)).isInstanceOf(AccessDeniedException.class);
        organizations.setMfaEnforcement(true, null, TestAccounts.PASSWORD);
        assertThat(organizations.isMfaEnforced(root.organizationId())).as("enforcement acts on one's own organization only").isFalse();
        assertThat(testAccounts.mfaStateOf(user.accountId())).isEqualTo(MfaState.ACTIVE);
    }

    @Test
    void a_sub_user_and_support_are_refused() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        SignedInAccount other = testAccounts.newSubUser(root);

        TestAccounts.signIn(user);
        assertThatThrownBy(() -> administration.reset(other.accountId(), version(other))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> organizations.setMfaEnforcement(true, null, TestAccounts.PASSWORD)).isInstanceOf(AccessDeniedException.class);
        TestAccounts.signIn(testAccounts.newSupport());
        assertThatThrownBy(() -> administration.require(other.accountId(), version(other))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void of_two_tabs_acting_on_one_user_the_later_is_refused_with_a_clear_message() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(user, clock.instant());
        testAccounts.signInWithConfirmedPassword(root);
        int seenByBothTabs = version(user);

        administration.reset(user.accountId(), seenByBothTabs);

        assertThatThrownBy(() -> administration.turnOff(user.accountId(), seenByBothTabs))
                .isInstanceOf(ConcurrentChangeException.class).hasMessage(SubUserAdministration.USER_CHANGED);
        assertThat(testAccounts.mfaStateOf(user.accountId())).isEqualTo(MfaState.PENDING);
    }

    @Test
    void the_roots_actions_need_the_password_confirmed_in_this_browser_within_the_last_minutes() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        TestAccounts.inBrowser();
        TestAccounts.signIn(root);

        assertThatThrownBy(() -> administration.require(user.accountId(), version(user)))
                .isInstanceOf(ActionRefusedException.class).hasMessage(PasswordConfirmation.SUDO_EXPIRED);
        testAccounts.signInWithConfirmedPassword(root);
        administration.require(user.accountId(), version(user));
        clock.advance(PasswordConfirmation.SUDO.plusSeconds(1));
        assertThatThrownBy(() -> administration.turnOff(user.accountId(), version(user)))
                .isInstanceOf(ActionRefusedException.class).hasMessage(PasswordConfirmation.SUDO_EXPIRED);
        assertThat(testAccounts.mfaStateOf(user.accountId())).isEqualTo(MfaState.PENDING);
    }

    @Test
    void a_bulk_reset_leaves_users_changed_or_deleted_since_the_root_saw_them() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount kept = testAccounts.newSubUser(root);
        SignedInAccount changed = testAccounts.newSubUser(root);
        SignedInAccount deleted = testAccounts.newSubUser(root);
        testAccounts.signInWithConfirmedPassword(root);
        administration.require(kept.accountId(), version(kept));
        administration.require(changed.accountId(), version(changed));
        Map<Long, Integer> seen = asSeen(kept, changed, deleted);
        subUsers.turnOffConsoleAccess(root.organizationId(), changed.accountId(), version(changed));
        subUsers.deleteSubUser(root.organizationId(), deleted.accountId(), version(deleted));

        assertThat(administration.resetAll(seen)).isEqualTo(new MfaAdministration.BulkReset(3, 1, 1, 1));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'MFA_RESET' AND target_account_id = ?")
                .param(changed.accountId()).query(Long.class).single()).isZero();
        FreshCounts.assertExact(jdbc, root.organizationId(), "after a bulk reset that left users alone");
    }

    @Test
    void a_bulk_reset_ends_and_audits_every_open_sign_in_of_the_reset_users_as_a_single_reset_does() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount alone = testAccounts.newSubUser(root);
        SignedInAccount twice = testAccounts.newSubUser(root);
        SignedInAccount pending = testAccounts.newSubUser(root);
        SignedInAccount without = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(alone, clock.instant());
        testAccounts.enrolMfa(twice, clock.instant());
        SessionRows sessions = new SessionRows(jdbc);
        Instant now = clock.instant();
        long aloneSession = sessions.open(alone, SessionRows.CHROME_ON_WINDOWS, "203.0.113.1", now, now);
        long first = sessions.open(twice, SessionRows.CHROME_ON_WINDOWS, "203.0.113.2", now, now);
        long second = sessions.open(twice, SessionRows.FIREFOX_ON_MACOS, "203.0.113.3", now, now);
        long signedOut = sessions.open(twice, SessionRows.CHROME_ON_WINDOWS, "203.0.113.4", now, now);
        jdbc.sql("UPDATE console_session SET ended_at = ?, end_reason = 'SIGNED_OUT' WHERE id = ?")
                .params(java.sql.Timestamp.from(now), signedOut).update();
        long pendingSession = sessions.open(pending, SessionRows.FIREFOX_ON_MACOS, "203.0.113.5", now, now);
        long withoutSession = sessions.open(without, SessionRows.CHROME_ON_WINDOWS, "203.0.113.6", now, now);
        testAccounts.signInWithConfirmedPassword(root);
        administration.require(pending.accountId(), version(pending));
        long mailBefore = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM mail_outbox").query(Long.class).single();

        administration.reset(alone.accountId(), version(alone));
        MfaAdministration.BulkReset result = administration.resetAll(asSeen(twice, pending, without));

        assertThat(result).isEqualTo(new MfaAdministration.BulkReset(3, 2, 0, 0));
        String ended = ", ended: the root user reset multi-factor authentication";
        // The same rows, one per ended session, whether reset one by one or in bulk.
        assertThat(jdbc.sql("SELECT target_account_id, organization_id, details FROM audit_event "
                        + "WHERE event_type = 'SESSION_REVOKED' AND actor_account_id = ?")
                .param(root.accountId())
                .query((rs, n) -> rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getString(3)).list())
                .containsExactlyInAnyOrder(
                        alone.accountId() + "|" + root.organizationId() + "|Session " + aloneSession + ", Chrome on Windows" + ended,
                        twice.accountId() + "|" + root.organizationId() + "|Session " + first + ", Chrome on Windows" + ended,
                        twice.accountId() + "|" + root.organizationId() + "|Session " + second + ", Firefox on macOS" + ended,
                        pending.accountId() + "|" + root.organizationId() + "|Session " + pendingSession + ", Firefox on macOS" + ended);
        assertThat(List.of(aloneSession, first, second, pendingSession))
                .allSatisfy(id -> assertThat(sessions.endReasonOf(id)).isEqualTo("CREDENTIALS_CHANGED"));
        assertThat(sessions.endReasonOf(signedOut)).isEqualTo("SIGNED_OUT");
        assertThat(sessions.endReasonOf(withoutSession)).isNull();
        // Ending a session mails nobody: each reset user gets the one reset mail.
        assertThat(jdbc.sql("SELECT recipient FROM mail_outbox WHERE id > ? AND recipient IN (?, ?, ?, ?)")
                .params(mailBefore, alone.email(), twice.email(), pending.email(), without.email()).query(String.class).list())
                .containsExactlyInAnyOrder(alone.email(), twice.email(), pending.email());
        FreshCounts.assertExact(jdbc, root.organizationId(), "after a single and a bulk reset");
    }

    @Test
    void a_bulk_reset_batch_that_fails_stores_nothing_of_its_users_and_keeps_the_batches_before_it() {
        SignedInAccount root = testAccounts.newOrganization();
        // A first batch of sub-users with MFA pending, written directly (the account trigger counts them).
        long firstId = jdbc.sql("SELECT COALESCE(MAX(id), 0) + 1 FROM account").query(Long.class).single();
        StringBuilder insert = new StringBuilder("INSERT INTO account (organization_id, email, role, console_access, mfa_state, "
                + "created_at, version) VALUES ");
        List<Object> values = new java.util.ArrayList<>();
        for (int n = 0; n < MfaAdministration.BATCH; n++) {
            insert.append(n == 0 ? "" : ", ").append("(?, ?, 'SUB_USER', FALSE, 'PENDING', ?, 0)");
            values.addAll(List.of(root.organizationId(), "batch" + firstId + "-" + n + "@example.com",
                    java.sql.Timestamp.from(clock.instant())));
        }
        jdbc.sql(insert.toString()).params(values).update();
        Map<Long, Integer> seen = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT id, version FROM account WHERE organization_id = ? AND email LIKE ? ORDER BY id")
                .params(root.organizationId(), "batch" + firstId + "-%").query((rs, n) -> seen.put(rs.getLong(1), rs.getInt(2))).list();
        // The next batch: an enrolled user with a sign-in, and one whose reset mail the database refuses.
        SignedInAccount enrolled = testAccounts.newSubUser(root);
        SignedInAccount refused = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(enrolled, clock.instant());
        testAccounts.enrolMfa(refused, clock.instant());
        long session = new SessionRows(jdbc).open(enrolled, SessionRows.CHROME_ON_WINDOWS, "203.0.113.7", clock.instant(), clock.instant());
        seen.putAll(asSeen(enrolled, refused));
        long recoveryCodes = jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id IN (?, ?)")
                .params(enrolled.accountId(), refused.accountId()).query(Long.class).single();
        testAccounts.signInWithConfirmedPassword(root);
        jdbc.sql("CREATE OR REPLACE TRIGGER test_refused_mail BEFORE INSERT ON mail_outbox FOR EACH ROW "
                + "IF NEW.recipient = '" + refused.email() + "' THEN "
                + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'mail refused by the test'; END IF").update();
        try {
            assertThatThrownBy(() -> administration.resetAll(seen)).hasMessageContaining("mail refused by the test");
        } finally {
            jdbc.sql("DROP TRIGGER test_refused_mail").update();
        }

        // The first batch committed whole.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'MFA_RESET' AND organization_id = ?")
                .param(root.organizationId()).query(Long.class).single()).isEqualTo(MfaAdministration.BATCH);
        // Of the failed batch, nothing: state, device, codes, sign-in, audit rows and mail as they were.
        assertThat(List.of(enrolled, refused)).allSatisfy(user -> {
            assertThat(testAccounts.mfaStateOf(user.accountId())).isEqualTo(MfaState.ACTIVE);
            assertThat(version(user)).isEqualTo(seen.get(user.accountId()));
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_credential WHERE account_id IN (?, ?)")
                .params(enrolled.accountId(), refused.accountId()).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id IN (?, ?)")
                .params(enrolled.accountId(), refused.accountId()).query(Long.class).single()).isEqualTo(recoveryCodes).isPositive();
        assertThat(new SessionRows(jdbc).endReasonOf(session)).isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id IN (?, ?) "
                        + "AND event_type IN ('MFA_RESET', 'SESSION_REVOKED')")
                .params(enrolled.accountId(), refused.accountId()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient IN (?, ?) AND subject = 'Multi-factor authentication was reset'")
                .params(enrolled.email(), refused.email()).query(Long.class).single()).isZero();
        FreshCounts.assertExact(jdbc, root.organizationId(), "after a bulk reset whose second batch failed");
    }

    private Map<Long, Integer> asSeen(SignedInAccount... users) {
        Map<Long, Integer> seen = new java.util.LinkedHashMap<>();
        for (SignedInAccount user : users) {
            seen.put(user.accountId(), version(user));
        }
        return seen;
    }

    private int version(SignedInAccount account) {
        return jdbc.sql("SELECT version FROM account WHERE id = ?").param(account.accountId()).query(Integer.class).single();
    }

    private SignInStage stageAtSignIn(SignedInAccount account) {
        return stages.stageAfterPassword(testAccounts.atPasswordStep(account));
    }
}
