package io.storageconsole.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The HTTP session and the cookie say "signed in" only after the MFA feature's transaction has committed. */
class SignInCompletionTest extends IntegrationTest {

    @Autowired
    private SignInCompletion completion;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_sign_in_is_completed_after_the_transaction_never_inside_it() {
        SignedInAccount pending = testAccounts.atStage(testAccounts.newOrganization(), SignInStage.MFA_CHALLENGE);
        TestAccounts.signIn(pending);

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> completion.complete(pending.completed())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(CurrentAccount.find()).isEmpty();

        assertThat(completion.complete(pending.completed()).isComplete()).isTrue();
        assertThat(CurrentAccount.find()).hasValueSatisfying(account -> assertThat(account.accountId()).isEqualTo(pending.accountId()));
    }

    @Test
    void a_sign_in_begun_in_the_accepting_transaction_is_recorded_with_it_and_rolled_back_with_it() {
        SignedInAccount pending = testAccounts.atStage(testAccounts.newOrganization(), SignInStage.MFA_CHALLENGE);
        TestAccounts.signIn(pending);

        assertThatThrownBy(() -> completion.begin(pending.completed())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            completion.begin(pending.completed());
            throw new IllegalStateException("the code's claim failed after all");
        })).hasMessageContaining("claim failed");
        assertThat(signInsRecorded(pending)).isZero();

        SignInCompletion.Begun begun = transactions.execute(status -> completion.begin(pending.completed()));
        assertThat(signInsRecorded(pending)).isEqualTo(1);
        // Committed, yet nothing outside the database says "signed in" until it is finished.
        assertThat(CurrentAccount.find()).isEmpty();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> completion.finish(begun)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(completion.finish(begun).isComplete()).isTrue();
        assertThat(CurrentAccount.find()).hasValueSatisfying(account -> assertThat(account.accountId()).isEqualTo(pending.accountId()));
    }

    /**
     * Rows of the audit's "signed in" for the account beside its sign-in as the accepting transaction
     * recorded it in the account's sign-in row; the grid's last sign-in follows that commit (decision 0051).
     */
    private int signInsRecorded(SignedInAccount account) {
        int audited = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'SIGN_IN' AND target_account_id = ?")
                .param(account.accountId()).query(Integer.class).single();
        boolean recorded = jdbc.sql("SELECT COUNT(*) > 0 FROM account_sign_in WHERE account_id = ? AND committed_sign_in_at IS NOT NULL")
                .param(account.accountId()).query(Boolean.class).single();
        assertThat(recorded).isEqualTo(audited > 0);
        if (recorded) {
            await("the last sign-in following the committed one").atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "SELECT a.last_sign_in_at <=> s.committed_sign_in_at FROM account a JOIN account_sign_in s ON s.account_id = a.id WHERE a.id = ?")
                    .param(account.accountId()).query(Boolean.class).single());
        } else {
            assertThat(jdbc.sql("SELECT last_sign_in_at IS NULL FROM account WHERE id = ?")
                    .param(account.accountId()).query(Boolean.class).single()).as("no last sign-in").isTrue();
        }
        return audited;
    }

    @Test
    void another_accounts_completion_is_refused() {
        SignedInAccount pending = testAccounts.atStage(testAccounts.newOrganization(), SignInStage.MFA_CHALLENGE);
        SignedInAccount other = testAccounts.newOrganization();
        TestAccounts.signIn(pending);

        assertThatThrownBy(() -> completion.complete(other)).isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThat(CurrentAccount.find()).isEmpty();
    }
}
