package io.storageconsole.account.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The grid's last sign-in catches up with a committed sign-in whose follow never ran, and never goes back (decision 0051). */
class LastSignInFollowerTest extends IntegrationTest {

    @Autowired
    private LastSignInFollower follower;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_committed_sign_in_left_behind_by_a_restart_becomes_the_last_sign_in_at_the_catch_up() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        Instant signedIn = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // As a sign-in that committed just before the console stopped, its follow never run.
        jdbc.sql("INSERT INTO account_sign_in (account_id, committed_sign_in_at, credentials_version) VALUES (?, ?, 0)")
                .params(user.accountId(), Timestamp.from(signedIn)).update();

        follower.catchUp();

        assertThat(lastSignInAt(user.accountId())).isEqualTo(Timestamp.from(signedIn));
        assertThat(suffixSignIns(user)).as("the suffix rows' last sign-in, kept by the account trigger")
                .isEqualTo(Timestamp.from(signedIn));
    }

    @Test
    void a_last_sign_in_later_than_the_committed_one_is_kept() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        Instant later = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // Two sign-ins followed out of order: the later one's follow came first.
        jdbc.sql("UPDATE account SET last_sign_in_at = ? WHERE id = ?").params(Timestamp.from(later), user.accountId()).update();
        jdbc.sql("INSERT INTO account_sign_in (account_id, committed_sign_in_at, credentials_version) VALUES (?, ?, 0)")
                .params(user.accountId(), Timestamp.from(later.minusSeconds(60))).update();

        follower.catchUp();

        assertThat(lastSignInAt(user.accountId())).isEqualTo(Timestamp.from(later));
    }

    private Timestamp lastSignInAt(long accountId) {
        return jdbc.sql("SELECT last_sign_in_at FROM account WHERE id = ?").param(accountId)
                .query((rs, n) -> rs.getTimestamp(1)).list().get(0);
    }

    /** The one last sign-in of all the account's suffix rows (more than one value would fail the query's single). */
    private Timestamp suffixSignIns(SignedInAccount user) {
        return jdbc.sql("SELECT DISTINCT last_sign_in_at FROM sub_user_local_suffix WHERE organization_id = ? AND account_id = ?")
                .params(user.organizationId(), user.accountId()).query((rs, n) -> rs.getTimestamp(1)).single();
    }
}
