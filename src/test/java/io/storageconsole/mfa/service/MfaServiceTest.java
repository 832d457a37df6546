package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storageconsole.account.service.AccountService;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.security.service.SignInNoLongerValidException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

class MfaServiceTest extends IntegrationTest {

    @Autowired
    private MfaService mfa;

    @Autowired
    private SecondFactorService secondFactor;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private AccountService accountService;

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void no_key_code_or_recovery_code_reaches_the_log(CapturedOutput output) {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.EnrolledMfa enrolled = testAccounts.enrolMfa(root, clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String code = TotpCodes.codeAt(enrolled.secret(), clock.instant());
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        secondFactor.signInWithCode(code);
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        secondFactor.signInWithRecoveryCode(enrolled.recoveryCodes().get(0));

        assertThat(output.getAll()).doesNotContain(enrolled.secret()).doesNotContain(code);
        enrolled.recoveryCodes().forEach(recovery -> assertThat(output.getAll()).doesNotContain(recovery));
    }

    @Test
    void neither_the_key_nor_any_recovery_code_is_stored_in_readable_form() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.EnrolledMfa enrolled = testAccounts.enrolMfa(root, clock.instant());

        String dump = Stream.of("account", "mfa_credential", "mfa_recovery_code", "audit_event", "mail_outbox")
                .map(table -> jdbc.sql("SELECT * FROM " + table).query().listOfRows().toString())
                .collect(Collectors.joining("\n"));

        assertThat(dump).doesNotContainIgnoringCase(enrolled.secret());
        assertThat(enrolled.recoveryCodes()).hasSize(10).allSatisfy(code -> {
            assertThat(dump).doesNotContainIgnoringCase(code);
            assertThat(dump).doesNotContainIgnoringCase(code.replace("-", ""));
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isEqualTo(10);
    }

    @Test
    void ten_thousand_wrong_codes_are_all_refused_and_the_lock_engages_after_five() {
        SignedInAccount root = testAccounts.newOrganization();
        String secret = testAccounts.enrolMfa(root, clock.instant()).secret();
        String rightCode = TotpCodes.codeAt(secret, clock.instant());
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));

        int accepted = 0;
        int wrongCodeMessages = 0;
        int lockedRefusals = 0;
        int firstLockAt = -1;
        for (int attempt = 1; attempt <= 10_000; attempt++) {
            String wrong = String.format("%06d", (Integer.parseInt(rightCode) + attempt) % 1_000_000);
            try {
                secondFactor.signInWithCode(wrong);
                accepted++;
            } catch (InvalidInputException e) {
                wrongCodeMessages++;
            } catch (CodeLockedException e) {
                lockedRefusals++;
                if (firstLockAt < 0) {
                    firstLockAt = attempt;
                }
            }
        }

        assertThat(accepted).isZero();
        assertThat(wrongCodeMessages).isEqualTo(5);
        assertThat(firstLockAt).isEqualTo(6);
        assertThat(lockedRefusals).isEqualTo(9_995);
        assertThatThrownBy(() -> secondFactor.signInWithCode(rightCode))
                .as("the right code is refused while locked").isInstanceOf(CodeLockedException.class)
                .hasMessageContaining("Try again");
        assertThat(events(root, "MFA_CODE_FAILED")).isEqualTo(5);
        assertThat(events(root, "MFA_LOCKED")).isEqualTo(1);
        // Each wrong code's number as its transaction counted it (read back under the counter's lock only for a wrong code).
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE target_account_id = ? AND event_type = 'MFA_CODE_FAILED' ORDER BY id")
                .param(root.accountId()).query(String.class).list())
                .containsExactly("Wrong code at sign-in, failure 1 of 5", "Wrong code at sign-in, failure 2 of 5",
                        "Wrong code at sign-in, failure 3 of 5", "Wrong code at sign-in, failure 4 of 5",
                        "Wrong code at sign-in, failure 5 of 5");
    }

    @Test
    void each_lock_lasts_twice_as_long_as_the_one_before() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));

        failUntilLocked();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        failUntilLocked();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThatThrownBy(() -> secondFactor.signInWithCode("000000"))
                .as("second lock lasts 10 minutes").isInstanceOf(CodeLockedException.class);
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> secondFactor.signInWithCode("000000"))
                .as("after 10 minutes the code is checked again").isInstanceOf(InvalidInputException.class);
    }

    /**
     * The code's read and count are one call (decision 0065), which checks the pending sign-in's credentials
     * version before it counts: a void sign-in never waits for the counter's lock, here held by another
     * transaction (a count would wait for it for innodb_lock_wait_timeout, 50 s).
     */
    @Test
    void a_void_sign_ins_code_is_refused_without_waiting_for_the_counter_that_it_does_not_count() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        String secret = testAccounts.enrolMfa(root, clock.instant()).secret();
        clock.advance(Duration.ofSeconds(30));
        SignedInAccount challenged = testAccounts.atStage(root, SignInStage.MFA_CHALLENGE);
        jdbc.sql("UPDATE account SET credentials_version = credentials_version + 1 WHERE id = ?").param(root.accountId()).update();
        jdbc.sql("INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count) VALUES ('second-factor', ?, 1, ?, 0)")
                .params(String.valueOf(root.accountId()), Timestamp.from(clock.instant())).update();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(
                    "SELECT attempts FROM attempt_counter WHERE kind = 'second-factor' AND subject = ? FOR UPDATE")) {
                lock.setString(1, String.valueOf(root.accountId()));
                lock.executeQuery();
            }
            CompletableFuture<Throwable> refused = CompletableFuture.supplyAsync(() -> {
                TestAccounts.signIn(challenged);
                try {
                    secondFactor.signInWithCode(TotpCodes.codeAt(secret, clock.instant()));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                } finally {
                    SecurityContextHolder.clearContext();
                }
            });
            await("the void sign-in's answer, the counter locked elsewhere")
                    .atMost(Duration.ofSeconds(20)).until(refused::isDone);
            assertThat(refused.get()).isInstanceOf(SignInNoLongerValidException.class);
            other.rollback();
        }
        assertThat(jdbc.sql("SELECT attempts FROM attempt_counter WHERE kind = 'second-factor' AND subject = ?")
                .param(String.valueOf(root.accountId())).query(Integer.class).single()).as("codes counted").isEqualTo(1);
    }

    @Test
    void a_sign_in_that_owes_a_code_is_void_once_the_password_changed_elsewhere_and_its_code_counts_nothing() {
        SignedInAccount root = testAccounts.newOrganization();
        String secret = testAccounts.enrolMfa(root, clock.instant()).secret();
        clock.advance(Duration.ofSeconds(30));
        SignedInAccount challenged = testAccounts.atStage(root, SignInStage.MFA_CHALLENGE);
        jdbc.sql("UPDATE account SET credentials_version = credentials_version + 1 WHERE id = ?").param(root.accountId()).update();
        TestAccounts.signIn(challenged);

        assertThatThrownBy(() -> secondFactor.signInWithCode(TotpCodes.codeAt(secret, clock.instant())))
                .isInstanceOf(SignInNoLongerValidException.class);
        assertThatThrownBy(() -> secondFactor.signInWithCode("000000")).isInstanceOf(SignInNoLongerValidException.class);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM attempt_counter WHERE kind = 'second-factor' AND subject = ?")
                .param(String.valueOf(root.accountId())).query(Long.class).single()).as("codes counted").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isZero();
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        assertThat(secondFactor.signInWithCode(TotpCodes.codeAt(secret, clock.instant())).isComplete())
                .as("the code was not claimed by the void sign-in").isTrue();
    }

    @Test
    void a_code_signs_in_once_and_is_refused_the_second_time() {
        SignedInAccount root = testAccounts.newOrganization();
        String secret = testAccounts.enrolMfa(root, clock.instant()).secret();
        clock.advance(Duration.ofSeconds(30));
        String code = TotpCodes.codeAt(secret, clock.instant());

        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        assertThat(secondFactor.signInWithCode(code).isComplete()).isTrue();

        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        assertThatThrownBy(() -> secondFactor.signInWithCode(code))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("code")
                .satisfies(e -> assertThat(((InvalidInputException) e).messageFor("code")).isEqualTo(MfaService.REUSED_CODE));
    }

    @Test
    void a_recovery_code_works_once_and_only_once() {
        SignedInAccount root = testAccounts.newOrganization();
        String recoveryCode = testAccounts.enrolMfa(root, clock.instant()).recoveryCodes().get(3);

        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        assertThat(secondFactor.signInWithRecoveryCode(recoveryCode.toUpperCase()).isComplete()).isTrue();

        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        assertThatThrownBy(() -> secondFactor.signInWithRecoveryCode(recoveryCode))
                .isInstanceOf(InvalidInputException.class);
        assertThat(events(root, "MFA_RECOVERY_CODE_USED")).isEqualTo(1);
    }

    @Test
    void regenerated_recovery_codes_void_the_old_set() {
        SignedInAccount root = testAccounts.newOrganization();
        List<String> oldCodes = testAccounts.enrolMfa(root, clock.instant()).recoveryCodes();
        TestAccounts.signIn(root);

        List<String> newCodes = mfa.regenerateRecoveryCodes(TestAccounts.PASSWORD);

        assertThat(newCodes).hasSize(10).doesNotContainAnyElementsOf(oldCodes);
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        assertThatThrownBy(() -> secondFactor.signInWithRecoveryCode(oldCodes.get(0))).isInstanceOf(InvalidInputException.class);
        assertThat(secondFactor.signInWithRecoveryCode(newCodes.get(0)).isComplete()).isTrue();
    }

    static Stream<String> badCodes() {
        return Stream.of("", "abcdef", "12 34 5", "12345", "1234567", "1".repeat(10_000), "١٢٣٤٥x", "' OR 1=1 --");
    }

    @ParameterizedTest
    @MethodSource("badCodes")
    void malformed_codes_get_a_message_and_do_not_count_as_attempts(String typed) {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));

        assertThatThrownBy(() -> secondFactor.signInWithCode(typed))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor("code")).isNotBlank());
        assertThat(events(root, "MFA_CODE_FAILED")).isZero();
    }

    @Test
    void a_sign_in_that_owes_a_code_cannot_enrol_a_new_device_or_read_anything() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));

        assertThatThrownBy(() -> mfa.startEnrolment(TestAccounts.PASSWORD)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> mfa.startEnrolmentAtSignIn()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> mfa.status()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> mfa.reset(TestAccounts.PASSWORD)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void a_sign_in_that_had_to_enrol_is_not_completed_by_an_activation_in_another_browser() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.inBrowser();
        SignedInAccount enrolling = testAccounts.atStage(root, SignInStage.MFA_ENROLMENT);
        RequestAttributes enrollingBrowser = RequestContextHolder.getRequestAttributes();
        RequestContextHolder.resetRequestAttributes();
        testAccounts.enrolMfa(root, clock.instant());
        RequestContextHolder.setRequestAttributes(enrollingBrowser);
        TestAccounts.signIn(enrolling);

        assertThatThrownBy(() -> secondFactor.finishEnrolmentSignIn()).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void a_sign_in_that_enrolled_is_void_once_the_password_changed_elsewhere_before_it_finished() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.inBrowser();
        SignedInAccount enrolling = testAccounts.atStage(root, SignInStage.MFA_ENROLMENT);
        TestAccounts.signIn(enrolling);
        Enrolment enrolment = mfa.startEnrolmentAtSignIn();
        mfa.activate(TotpCodes.codeAt(enrolment.secret(), clock.instant()));
        RequestAttributes enrollingBrowser = RequestContextHolder.getRequestAttributes();
        TestAccounts.inBrowser();
        TestAccounts.signIn(root);
        accountService.changePassword(TestAccounts.PASSWORD, "Changed-Passw0rd!", "Changed-Passw0rd!");
        RequestContextHolder.setRequestAttributes(enrollingBrowser);
        TestAccounts.signIn(enrolling);

        assertThatThrownBy(() -> secondFactor.finishEnrolmentSignIn()).isInstanceOf(SignInNoLongerValidException.class);
    }

    @Test
    void turning_off_needs_the_password_and_a_current_code_and_is_refused_while_enforced() {
        SignedInAccount root = testAccounts.newOrganization();
        String secret = testAccounts.enrolMfa(root, clock.instant()).secret();
        clock.advance(Duration.ofSeconds(30));
        TestAccounts.signIn(root);

        assertThatThrownBy(() -> mfa.turnOff("Wrong-Passw0rd!", TotpCodes.codeAt(secret, clock.instant())))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor("password")).isEqualTo(MfaService.WRONG_PASSWORD));

        jdbc.sql("UPDATE organization SET mfa_enforced = TRUE WHERE id = ?").param(root.organizationId()).update();
        assertThatThrownBy(() -> mfa.turnOff(TestAccounts.PASSWORD, TotpCodes.codeAt(secret, clock.instant())))
                .isInstanceOf(ActionRefusedException.class).hasMessage(MfaService.ENFORCED);

        jdbc.sql("UPDATE organization SET mfa_enforced = FALSE WHERE id = ?").param(root.organizationId()).update();
        mfa.turnOff(TestAccounts.PASSWORD, TotpCodes.codeAt(secret, clock.instant()));
        assertThat(mfa.status().state().name()).isEqualTo("OFF");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_credential WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isZero();
    }

    @Test
    void reset_forgets_the_device_and_the_codes_and_asks_for_enrolment_next_time() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        TestAccounts.signIn(root);

        mfa.reset(TestAccounts.PASSWORD);

        assertThat(mfa.status().state().name()).isEqualTo("PENDING");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isZero();
        Map<String, Long> mailed = jdbc.sql("SELECT subject, COUNT(*) FROM mail_outbox WHERE recipient = ? GROUP BY subject")
                .param(root.email()).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(mailed).containsKeys("Multi-factor authentication set-up started",
                "Multi-factor authentication is active", "Multi-factor authentication was reset");
        assertThat(events(root, "MFA_RESET")).isEqualTo(1);
    }

    private void failUntilLocked() {
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatThrownBy(() -> secondFactor.signInWithCode("000000")).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> secondFactor.signInWithCode("000000")).isInstanceOf(CodeLockedException.class);
    }

    private long events(SignedInAccount account, String type) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = ?")
                .params(account.accountId(), type).query(Long.class).single();
    }
}
