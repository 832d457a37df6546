package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.sql.Timestamp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A complete sign-in over HTTP is audited and recorded, whether or not a second factor was owed. */
class SignInRecorderTest extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_sign_in_with_the_password_only_is_audited_and_becomes_the_last_sign_in() {
        var root = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());

        browser.signIn(root.email(), TestAccounts.PASSWORD);

        assertThat(browser.isSignedIn()).isTrue();
        assertThat(auditEvents("SIGN_IN", root.accountId())).isEqualTo(1);
        assertThat(lastSignInAt(root.accountId())).isNotNull();
    }

    @Test
    void signing_in_is_not_a_change_of_the_user_that_a_root_saw_in_the_grid() {
        var user = testAccounts.newSubUser(testAccounts.newOrganization());
        int seen = versionOf(user.accountId());

        new CookieBrowser(baseUrl()).signIn(user.email(), TestAccounts.PASSWORD);

        assertThat(lastSignInAt(user.accountId())).isNotNull();
        assertThat(versionOf(user.accountId())).isEqualTo(seen);
    }

    private long auditEvents(String type, long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND target_account_id = ?")
                .params(type, accountId).query(Long.class).single();
    }

    private Timestamp lastSignInAt(long accountId) {
        return jdbc.sql("SELECT last_sign_in_at FROM account WHERE id = ?").param(accountId)
                .query((rs, n) -> rs.getTimestamp(1)).list().get(0);
    }

    private int versionOf(long accountId) {
        return jdbc.sql("SELECT version FROM account WHERE id = ?").param(accountId).query(Integer.class).single();
    }
}
