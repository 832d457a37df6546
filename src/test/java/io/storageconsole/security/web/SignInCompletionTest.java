package io.storageconsole.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The HTTP session and the cookie say "signed in" only after the MFA feature's transaction has committed. */
class SignInCompletionTest extends IntegrationTest {

    @Autowired
    private SignInCompletion completion;

    @Autowired
    private TransactionTemplate transactions;

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
    void another_accounts_completion_is_refused() {
        SignedInAccount pending = testAccounts.atStage(testAccounts.newOrganization(), SignInStage.MFA_CHALLENGE);
        SignedInAccount other = testAccounts.newOrganization();
        TestAccounts.signIn(pending);

        assertThatThrownBy(() -> completion.complete(other)).isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThat(CurrentAccount.find()).isEmpty();
    }
}
