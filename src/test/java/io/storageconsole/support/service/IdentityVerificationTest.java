package io.storageconsole.support.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.notification.domain.OutboxMail;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;

class IdentityVerificationTest extends IntegrationTest {

    @Autowired
    private IdentityVerification identity;

    @Autowired
    private SupportCases support;

    @Autowired
    private JdbcClient jdbc;

    private SignedInAccount member;
    private SignedInAccount customer;

    @BeforeEach
    void aSupportMemberAndACustomer() {
        member = support.newSupportMember();
        customer = testAccounts.newSubUser(testAccounts.newOrganization());
    }

    @Test
    void the_code_is_mailed_to_the_accounts_address_stored_only_as_a_salted_hash_and_erased_from_the_outbox_once_sent() {
        String code = support.sendCode(member, customer);

        assertThat(code).matches("\\d{4} \\d{4}");
        String digits = code.replace(" ", "");
        assertThat(jdbc.sql("SELECT CONCAT(code_salt, code_hash) FROM support_verification WHERE account_id = ?")
                .param(customer.accountId()).query(String.class).single()).doesNotContain(digits).hasSize(96);
        // The sender records the delivery right after the mail server took it: wait for that.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!OutboxMail.ERASED_BODY.equals(outboxBodyTo(customer)) && System.nanoTime() < deadline) {
            MAIL.waitForIncomingEmail(200, Integer.MAX_VALUE);
        }
        assertThat(outboxBodyTo(customer)).isEqualTo(OutboxMail.ERASED_BODY);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE body LIKE ?").param("%" + code + "%")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND details LIKE ?")
                .params(customer.accountId(), "%" + digits.substring(0, 4) + "%" + digits.substring(4) + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void the_right_code_verifies_the_identity_once_with_time_and_member_and_cannot_be_used_again() {
        String code = support.sendCode(member, customer);

        identity.verify(customer.accountId(), code.replace(" ", "-"));

        VerificationStatus status = identity.status(customer.accountId());
        assertThat(status.verified()).isTrue();
        assertThat(status.verifiedBy()).isEqualTo(member.email());
        assertThat(status.verifiedByMe()).isTrue();
        assertThat(status.verifiedUntil()).isEqualTo(status.verifiedAt().plus(IdentityVerification.VERIFIED_FOR));
        assertThat(status.codeWaiting()).isFalse();
        assertThatThrownBy(() -> identity.verify(customer.accountId(), code))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.NO_CODE_WAITING);
    }

    @Test
    void a_code_expires_after_15_minutes() {
        String code = support.sendCode(member, customer);
        clock.advance(IdentityVerification.CODE_VALID.plusSeconds(1));

        TestAccounts.signIn(member);
        assertThatThrownBy(() -> identity.verify(customer.accountId(), code))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.NO_CODE_WAITING);
        assertThat(identity.status(customer.accountId()).verified()).isFalse();
    }

    @Test
    void a_code_still_works_just_before_its_15_minutes_are_over() {
        String code = support.sendCode(member, customer);
        clock.advance(IdentityVerification.CODE_VALID.minusSeconds(5));

        TestAccounts.signIn(member);
        identity.verify(customer.accountId(), code);

        assertThat(identity.status(customer.accountId()).verified()).isTrue();
    }

    @Test
    void a_verified_identity_lasts_30_minutes() {
        support.verify(member, customer);

        clock.advance(IdentityVerification.VERIFIED_FOR.minusMinutes(1));
        assertThat(identity.status(customer.accountId()).verified()).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(identity.status(customer.accountId()).verified()).isFalse();
    }

    @Test
    void five_wrong_tries_void_the_code_and_the_right_one_is_refused_after_them() {
        String code = support.sendCode(member, customer);
        String wrong = code.equals("0000 0000") ? "1111 1111" : "0000 0000";

        for (int attempt = 1; attempt < IdentityVerification.MAX_TRIES; attempt++) {
            assertThatThrownBy(() -> identity.verify(customer.accountId(), wrong))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.messageFor("code")).startsWith("That code is not right."));
        }
        assertThatThrownBy(() -> identity.verify(customer.accountId(), wrong))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.TOO_MANY_TRIES);
        assertThatThrownBy(() -> identity.verify(customer.accountId(), code))
                .isInstanceOf(ActionRefusedException.class).hasMessage(IdentityVerification.NO_CODE_WAITING);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = 'SUPPORT_VERIFICATION_FAILED'")
                .param(customer.accountId()).query(Long.class).single()).isEqualTo(IdentityVerification.MAX_TRIES);
    }

    @Test
    void a_new_code_voids_the_earlier_one() {
        String first = support.sendCode(member, customer);
        String second = support.sendCode(member, customer);

        if (!first.equals(second)) {
            assertThatThrownBy(() -> identity.verify(customer.accountId(), first)).isInstanceOf(InvalidInputException.class);
        }
        identity.verify(customer.accountId(), second);
        assertThat(identity.status(customer.accountId()).verified()).isTrue();
    }

    @Test
    void malformed_codes_are_refused_on_the_field_without_costing_a_try() {
        String code = support.sendCode(member, customer);

        for (String typed : new String[] {"", "1234", "abcd efgh", "1234 56789", "' OR 1=1 --", "x".repeat(10_000)}) {
            assertThatThrownBy(() -> identity.verify(customer.accountId(), typed)).as(typed)
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.messageFor("code")).isEqualTo(IdentityVerification.CODE_MALFORMED));
        }
        identity.verify(customer.accountId(), code);
        assertThat(identity.status(customer.accountId()).verified()).isTrue();
    }

    @Test
    void fifty_parallel_wrong_codes_are_checked_at_most_five_times_and_fifty_right_ones_verify_once() throws Exception {
        String code = support.sendCode(member, customer);
        String wrong = code.equals("0000 0000") ? "1111 1111" : "0000 0000";
        List<Throwable> others = runAtOnce(50, () -> identity.verify(customer.accountId(), wrong));
        assertThat(others).allMatch(e -> e instanceof ActionRefusedException || e instanceof InvalidInputException);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = 'SUPPORT_VERIFICATION_FAILED'")
                .param(customer.accountId()).query(Long.class).single()).isEqualTo(IdentityVerification.MAX_TRIES);

        String fresh = support.sendCode(member, customer);
        AtomicInteger verified = new AtomicInteger();
        List<Throwable> refusals = runAtOnce(50, () -> {
            identity.verify(customer.accountId(), fresh);
            verified.incrementAndGet();
        });
        assertThat(verified).hasValue(1);
        assertThat(refusals).hasSize(49).allMatch(e -> e instanceof ActionRefusedException);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type = 'SUPPORT_IDENTITY_VERIFIED'")
                .param(customer.accountId()).query(Long.class).single()).isEqualTo(1);
    }

    private String outboxBodyTo(SignedInAccount account) {
        return jdbc.sql("SELECT body FROM mail_outbox WHERE recipient = ? AND subject = ?")
                .params(account.email(), SupportCases.CODE_MAIL_SUBJECT).query(String.class).single();
    }

    /** Runs {@code call} from {@code count} threads at once as the member; returns what each threw. */
    private List<Throwable> runAtOnce(int count, Runnable call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<Throwable>> results = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                results.add(threads.submit((Callable<Throwable>) () -> {
                    TestAccounts.signIn(member);
                    start.await();
                    try {
                        call.run();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                }));
            }
            start.countDown();
            List<Throwable> thrown = new ArrayList<>();
            for (Future<Throwable> result : results) {
                Throwable e = result.get();
                if (e != null) {
                    thrown.add(e);
                }
            }
            return thrown;
        } finally {
            threads.shutdown();
        }
    }
}
