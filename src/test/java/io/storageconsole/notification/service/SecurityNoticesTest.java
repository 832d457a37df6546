package io.storageconsole.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The once-a-quarter-hour limit on notices that others can set off, counted with the publisher's transaction. */
class SecurityNoticesTest extends IntegrationTest {

    private static final String SUBJECT = "A wrong MFA code was entered";

    @Autowired
    private SecurityEvents events;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_notice_whose_transaction_rolls_back_uses_no_slot_so_the_next_one_is_mailed_and_the_one_after_is_not() {
        SignedInAccount owner = testAccounts.newOrganization();
        AccountRef ref = new AccountRef(owner.accountId(), owner.email());

        transactions.executeWithoutResult(status -> {
            wrongCode(ref, owner);
            status.setRollbackOnly();
        });
        assertThat(queued(owner)).isZero();

        transactions.executeWithoutResult(status -> wrongCode(ref, owner));
        transactions.executeWithoutResult(status -> wrongCode(ref, owner));
        assertThat(queued(owner)).isEqualTo(1);
    }

    private void wrongCode(AccountRef ref, SignedInAccount owner) {
        events.publish(SecurityEventType.MFA_CODE_FAILED, ref, owner.organizationId(), ref, "Wrong code");
    }

    private long queued(SignedInAccount owner) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ? AND subject = ?")
                .params(owner.email(), SUBJECT).query(Long.class).single();
    }
}
