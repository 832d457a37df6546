package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.account.domain.Account;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

class AccountServiceAuthorizationTest extends IntegrationTest {

    @Autowired
    private AccountService accounts;

    @Test
    void a_root_of_another_organization_cannot_act_on_foreign_sub_users() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount subUser = testAccounts.newSubUser(root);
        TestAccounts.signIn(testAccounts.newOrganization());

        assertThatThrownBy(() -> accounts.subUsersOfMyOrganization(java.util.List.of(subUser.accountId())))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void a_root_finds_its_own_sub_users_and_a_sub_user_is_refused() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount subUser = testAccounts.newSubUser(root);
        TestAccounts.signIn(root);
        assertThat(accounts.subUsersOfMyOrganization(java.util.List.of(subUser.accountId())))
                .extracting(AccountSummary::email).containsExactly(subUser.email());

        TestAccounts.signIn(subUser);
        assertThatThrownBy(() -> accounts.subUsersOfMyOrganization(java.util.List.of(subUser.accountId())))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void nobody_signed_in_cannot_change_a_password() {
        assertThatThrownBy(() -> accounts.changePassword("a", "b", "b")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void provisioning_is_refused_inside_a_user_request() {
        TestAccounts.signIn(testAccounts.newOrganization());

        assertThatThrownBy(() -> accounts.provision(Account.support(TestAccounts.uniqueEmail("sneaky"), null, Instant.now())))
                .isInstanceOf(AccessDeniedException.class);
    }
}
