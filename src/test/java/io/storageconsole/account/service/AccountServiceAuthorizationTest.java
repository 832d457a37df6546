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
    void a_root_lists_its_own_sub_users() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount subUser = testAccounts.newSubUser(root);
        TestAccounts.signIn(root);

        assertThat(accounts.listSubUsers(root.organizationId(), 50, 0))
                .extracting(AccountSummary::email).containsExactly(subUser.email());
        assertThat(accounts.countSubUsers(root.organizationId())).isEqualTo(1);
    }

    @Test
    void a_root_of_another_organization_is_refused() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.signIn(testAccounts.newOrganization());

        assertThatThrownBy(() -> accounts.listSubUsers(root.organizationId(), 50, 0)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> accounts.countSubUsers(root.organizationId())).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void a_sub_user_and_support_are_refused_the_user_list() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.signIn(testAccounts.newSubUser(root));
        assertThatThrownBy(() -> accounts.listSubUsers(root.organizationId(), 50, 0)).isInstanceOf(AccessDeniedException.class);

        TestAccounts.signIn(testAccounts.newSupport());
        assertThatThrownBy(() -> accounts.listSubUsers(root.organizationId(), 50, 0)).isInstanceOf(AccessDeniedException.class);
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
