package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.Roles;
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
    void a_support_member_is_read_as_belonging_to_no_organization() {
        SignedInAccount asRead = readAtSignIn(testAccounts.newSupport());

        assertThat(asRead.hasRole(Roles.SUPPORT)).isTrue();
        assertThat(asRead.organizationId()).as("the organization of a support member").isNull();
    }

    private SignedInAccount readAtSignIn(SignedInAccount account) {
        return (SignedInAccount) users.loadUserByUsername(account.email());
    }
}
