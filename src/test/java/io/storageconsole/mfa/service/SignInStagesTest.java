package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SecondFactorPolicy;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The stage after the password comes from the MFA state read with the account: the sign-in reads
 * the account table once, and only a customer without MFA reads anything more (the organization's
 * enforcement).
 */
class SignInStagesTest extends IntegrationTest {

    @Autowired
    private SecondFactorPolicy stages;

    @Autowired
    private MfaService mfa;

    @Autowired
    private DataSource dataSource;

    @Test
    void the_stage_after_the_password_is_decided_without_reading_the_account_table_again() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount active = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(active, clock.instant());
        SignedInAccount pending = testAccounts.newSubUser(root);
        TestAccounts.signIn(pending);
        mfa.startEnrolment(TestAccounts.PASSWORD);
        SecurityContextHolder.clearContext();
        SignedInAccount support = testAccounts.newSupport();
        Map<SignedInAccount, SignInStage> expected = new LinkedHashMap<>();
        expected.put(testAccounts.atPasswordStep(active), SignInStage.MFA_CHALLENGE);
        expected.put(testAccounts.atPasswordStep(pending), SignInStage.MFA_ENROLMENT);
        expected.put(testAccounts.atPasswordStep(support), SignInStage.MFA_ENROLMENT);
        expected.put(testAccounts.atPasswordStep(root), SignInStage.COMPLETE);

        try (Connection locker = dataSource.getConnection()) {
            // Any read of the account table now waits until the end of the test: a stage that read it would not come.
            execute(locker, "LOCK TABLES account WRITE");
            try {
                for (Map.Entry<SignedInAccount, SignInStage> asRead : expected.entrySet()) {
                    CompletableFuture<SignInStage> stage = CompletableFuture.supplyAsync(() -> stages.stageAfterPassword(asRead.getKey()));
                    assertThat(stage).as("the stage of %s, MFA %s", asRead.getKey(), asRead.getKey().mfaStateAsRead())
                            .succeedsWithin(Duration.ofSeconds(10)).isEqualTo(asRead.getValue());
                }
            } finally {
                execute(locker, "UNLOCK TABLES");
            }
        }
    }

    @Test
    void an_account_not_read_at_the_password_step_is_refused_a_stage() {
        SignedInAccount root = testAccounts.newOrganization();

        assertThatThrownBy(() -> stages.stageAfterPassword(root)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_mfa_state_as_read_does_not_outlive_the_password_step() {
        SignedInAccount asRead = testAccounts.atPasswordStep(testAccounts.newOrganization());

        assertThat(asRead.mfaStateAsRead()).isEqualTo("OFF");
        assertThat(asRead.atStage(SignInStage.MFA_CHALLENGE).mfaStateAsRead()).isNull();
        assertThat(asRead.completed().mfaStateAsRead()).isNull();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
