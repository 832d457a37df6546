package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.Roles;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;

/** The one read of the account that a password sign-in makes. */
class AccountUserDetailsServiceTest extends IntegrationTest {

    @Autowired
    private UserDetailsService users;

    @Test
    void the_account_is_read_with_its_mfa_state_and_owes_a_code_until_the_mfa_feature_decides() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(user, clock.instant());

        SignedInAccount asRead = readAtSignIn(user);

        assertThat(asRead.accountId()).isEqualTo(user.accountId());
        assertThat(asRead.organizationId()).isEqualTo(root.organizationId());
        assertThat(asRead.hasRole(Roles.SUB_USER)).isTrue();
        assertThat(asRead.mfaStateAsRead()).isEqualTo("ACTIVE");
        assertThat(asRead.stage()).isEqualTo(SignInStage.MFA_CHALLENGE);
        assertThat(asRead.getPassword()).as("the password's hash").isNotNull();
    }

    @Test
    void a_support_member_is_read_as_belonging_to_no_organization() {
        SignedInAccount asRead = readAtSignIn(testAccounts.newSupport());

        assertThat(asRead.hasRole(Roles.SUPPORT)).isTrue();
        assertThat(asRead.organizationId()).as("the organization of a support member").isNull();
        assertThat(asRead.mfaStateAsRead()).isEqualTo("OFF");
    }

    private SignedInAccount readAtSignIn(SignedInAccount account) {
        return (SignedInAccount) users.loadUserByUsername(account.email());
    }
}
