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

    @Autowired
    private AccountRegistration registration;

    @Autowired
    private SubUserDirectory directory;

    @Test
    void a_root_of_another_organization_cannot_look_up_foreign_sub_users() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount subUser = testAccounts.newSubUser(root);
        TestAccounts.signIn(testAccounts.newOrganization());

        assertThatThrownBy(() -> directory.subUserOfMyOrganization(subUser.accountId()))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void a_root_finds_its_own_sub_user_and_a_sub_user_is_refused() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount subUser = testAccounts.newSubUser(root);
        TestAccounts.signIn(root);
        assertThat(directory.subUserOfMyOrganization(subUser.accountId()).email()).isEqualTo(subUser.email());

        TestAccounts.signIn(subUser);
        assertThatThrownBy(() -> directory.subUserOfMyOrganization(subUser.accountId()))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void nobody_signed_in_cannot_change_a_password() {
        assertThatThrownBy(() -> accounts.changePassword("a", "b", "b")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void provisioning_is_refused_inside_a_user_request() {
        TestAccounts.signIn(testAccounts.newOrganization());

        assertThatThrownBy(() -> registration.provisionSupport(TestAccounts.uniqueEmail("sneaky"), null))
                .isInstanceOf(AccessDeniedException.class);
    }
}
