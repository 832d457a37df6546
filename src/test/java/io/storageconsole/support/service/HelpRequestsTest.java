package io.storageconsole.support.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInNoLongerValidException;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;

class HelpRequestsTest extends IntegrationTest {

    @Autowired
    private HelpRequests requests;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_second_request_updates_the_open_one_and_the_owner_is_mailed_each_time_without_the_customers_words() throws Exception {
        SignedInAccount user = userWithMfa();
        TestAccounts.signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));

        HelpRequest first = requests.send("My phone fell into the lake", "+41 11 111 11 11");
        HelpRequest second = requests.send("My phone fell into the lake. New number:", "+41 22 222 22 22");

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(requests.mine()).map(HelpRequest::contact).contains("+41 22 222 22 22");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM support_request WHERE account_id = ?").param(user.accountId())
                .query(Long.class).single()).isEqualTo(1);
        // Two notices of the enrolment, then the two of the request.
        List<MimeMessage> mails = awaitMailTo(user.email(), 4).stream().filter(HelpRequestsTest::aboutSupport).toList();
        assertThat(mails).extracting(MimeMessage::getSubject)
                .containsExactly("A support request was opened for your account", "Your support request was updated");
        for (MimeMessage mail : mails) {
            assertThat(mail.getContent().toString()).doesNotContain("lake").doesNotContain("+41");
        }
        assertThat(jdbc.sql("SELECT GROUP_CONCAT(event_type ORDER BY id) FROM audit_event WHERE target_account_id = ? "
                        + "AND event_type LIKE 'SUPPORT_REQUEST%'").param(user.accountId()).query(String.class).single())
                .isEqualTo("SUPPORT_REQUEST_OPENED,SUPPORT_REQUEST_UPDATED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND details LIKE '%lake%'")
                .param(user.accountId()).query(Long.class).single()).isZero();
    }

    @Test
    void twenty_requests_sent_at_once_leave_one_open_request_and_at_most_three_get_through() throws Exception {
        SignedInAccount pending = testAccounts.atStage(userWithMfa(), SignInStage.MFA_CHALLENGE);
        ExecutorService threads = Executors.newFixedThreadPool(10);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                int n = i;
                answers.add(threads.submit((Callable<String>) () -> {
                    TestAccounts.signIn(pending);
                    try {
                        requests.send("Request " + n, "phone " + n);
                        return "sent";
                    } catch (ActionRefusedException e) {
                        return e.getMessage();
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> answer : answers) {
                results.add(answer.get());
            }
            assertThat(results).filteredOn("sent"::equals).hasSize(HelpRequests.MAX_PER_HOUR);
            assertThat(results).filteredOn(HelpRequests.TOO_MANY::equals).hasSize(20 - HelpRequests.MAX_PER_HOUR);
        } finally {
            threads.shutdown();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM support_request WHERE account_id = ?").param(pending.accountId())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type LIKE 'SUPPORT_REQUEST%'")
                .param(pending.accountId()).query(Long.class).single()).isEqualTo(HelpRequests.MAX_PER_HOUR);
    }

    @Test
    void empty_and_overlong_input_is_refused_on_its_field_and_nothing_is_stored() {
        SignedInAccount user = userWithMfa();
        TestAccounts.signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));

        assertThatThrownBy(() -> requests.send("  ", ""))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys("description", "contact"));
        assertThatThrownBy(() -> requests.send("x".repeat(HelpRequests.MAX_DESCRIPTION + 1), "y".repeat(HelpRequests.MAX_CONTACT + 1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys("description", "contact"));

        assertThat(requests.mine()).isEmpty();
    }

    @Test
    void a_sign_in_whose_account_was_reset_meanwhile_cannot_send_a_request() {
        SignedInAccount user = userWithMfa();
        SignedInAccount pending = testAccounts.atStage(user, SignInStage.MFA_CHALLENGE);
        jdbc.sql("UPDATE account SET credentials_version = credentials_version + 1 WHERE id = ?").param(user.accountId()).update();
        TestAccounts.signIn(pending);

        assertThatThrownBy(() -> requests.send("Help", "phone")).isInstanceOf(SignInNoLongerValidException.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM support_request WHERE account_id = ?").param(user.accountId())
                .query(Long.class).single()).isZero();
    }

    private static boolean aboutSupport(MimeMessage mail) {
        try {
            return mail.getSubject().contains("support request");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SignedInAccount userWithMfa() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        testAccounts.enrolMfa(user, clock.instant());
        return user;
    }
}
