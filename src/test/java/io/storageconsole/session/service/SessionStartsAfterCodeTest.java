package io.storageconsole.session.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.event.SecurityEventBatch;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.domain.AttemptCounters;
import io.storageconsole.security.service.RecordedSignInEvent;
import io.storageconsole.security.service.SignInNoLongerValidException;
import io.storageconsole.security.service.SignInSessions;
import io.storageconsole.testing.IntegrationTest;
import java.lang.reflect.Method;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A code's sign-in writes the code step's rows in one call (V150's procedure, decision 0065) that the
 * features write one statement each for a sign-in without a code: the forgotten counter, the session,
 * its two audit rows and the account's sign-in row. The statements exist twice, in Java and in the
 * procedure, so this test runs both ways and compares every column of their rows.
 */
class SessionStartsAfterCodeTest extends IntegrationTest {

    private static final String KIND = "second-factor";

    @Autowired
    private SignInSessions sessions;

    @Autowired
    private AttemptCounters counters;

    @Autowired
    private ApplicationEventPublisher publisher;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private SecurityEvents events;

    @Autowired
    private ApplicationContext context;

    private RequestOrigin origin;

    @BeforeEach
    void aBrowser() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("203.0.113.7");
        request.addHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        origin = RequestOrigin.current();
    }

    @AfterEach
    void noBrowser() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void the_one_call_writes_every_column_of_every_row_as_the_features_write_them_for_a_sign_in_without_a_code() {
        SignedInAccount root = testAccounts.newOrganization();
        bothWaysWriteTheSameRows(owingCode(testAccounts.newSubUser(root)), owingCode(testAccounts.newSubUser(root)));
    }

    @Test
    void so_it_does_for_a_support_account_which_belongs_to_no_organization() {
        bothWaysWriteTheSameRows(owingCode(testAccounts.newSupport()), owingCode(testAccounts.newSupport()));
    }

    private void bothWaysWriteTheSameRows(SignedInAccount byFeatures, SignedInAccount byCall) {
        wrongCodeCounted(byFeatures);
        wrongCodeCounted(byCall);

        Instant before = clock.instant();
        SignInSessions.Started startedByFeatures = transactions.execute(status -> {
            // What the code step runs after its claim without the call: MFA forgets the counter through the
            // limiter, the session feature starts and audits the session, the account feature records the sign-in.
            counters.delete(KIND, String.valueOf(byFeatures.accountId()));
            SignInSessions.Started started = sessions.start(byFeatures.completed(), origin, null);
            publisher.publishEvent(new AuthenticationSuccessEvent(authenticated(byFeatures.completed())));
            return started;
        });
        SignInSessions.Started startedByCall = transactions.execute(status -> {
            SignInSessions.Started started = sessions.startAfterCode(byCall.completed(), origin, null, counterOf(byCall));
            publisher.publishEvent(new RecordedSignInEvent(authenticated(byCall.completed())));
            return started;
        });
        Instant after = clock.instant();

        assertThat(counterRows(byFeatures)).isZero();
        assertThat(counterRows(byCall)).as("the wrong codes forgotten").isZero();
        List<Map<String, Object>> featureRows = rowsOf(byFeatures, startedByFeatures, before, after);
        List<Map<String, Object>> callRows = rowsOf(byCall, startedByCall, before, after);
        assertThat(featureRows).as("the rows a sign-in without a code writes").hasSize(4);
        assertThat(callRows).isEqualTo(featureRows);
        // The grid's last sign-in follows either after the commit (decision 0051).
        awaitLastSignInFollowed(byFeatures);
        awaitLastSignInFollowed(byCall);
    }

    @Test
    void a_sign_in_whose_credentials_changed_since_its_password_is_refused_by_the_call_which_leaves_nothing_behind() {
        SignedInAccount user = owingCode(testAccounts.newSubUser(testAccounts.newOrganization()));
        wrongCodeCounted(user);
        jdbc.sql("UPDATE account SET credentials_version = credentials_version + 1 WHERE id = ?").param(user.accountId()).update();

        assertThatThrownBy(() -> transactions.execute(status -> sessions.startAfterCode(user.completed(), origin, null, counterOf(user))))
                .isInstanceOf(SignInNoLongerValidException.class);

        assertThat(counterRows(user)).as("the counter's delete, rolled back with the rest").isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?").param(user.accountId())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ? AND event_type IN ('SIGN_IN', 'SESSION_STARTED')")
                .param(user.accountId()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account_sign_in WHERE account_id = ?").param(user.accountId())
                .query(Long.class).single()).isZero();
    }

    /**
     * The call writes the audit rows of SESSION_STARTED and SIGN_IN itself, past {@code SecurityEvents}: no
     * listener but the audit log may act on those events, or the code's sign-in would skip what it does. Any
     * new listener of security events must be looked at here; the mail notices must stay silent on both.
     */
    @Test
    void nothing_but_the_audit_log_acts_on_the_two_events_whose_rows_the_call_writes() {
        List<String> listeners = new ArrayList<>();
        for (String name : context.getBeanDefinitionNames()) {
            Class<?> type = context.getType(name);
            if (type == null || !type.getName().startsWith("io.storageconsole.")) {
                continue;
            }
            type = ClassUtils.getUserClass(type);
            assertThat(ApplicationListener.class.isAssignableFrom(type)).as(type + " listens to every event").isFalse();
            for (Method method : type.getDeclaredMethods()) {
                EventListener listener = AnnotatedElementUtils.findMergedAnnotation(method, EventListener.class);
                if (listener == null) {
                    continue;
                }
                List<Class<?>> heard = new ArrayList<>(List.of(listener.classes()));
                heard.addAll(List.of(method.getParameterTypes()));
                if (heard.stream().anyMatch(event -> event.isAssignableFrom(SecurityEvent.class)
                        || event.isAssignableFrom(SecurityEventBatch.class))) {
                    listeners.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(listeners).containsExactlyInAnyOrder("AuditLog.record", "AuditLog.recordAll",
                "SecurityNotices.onSecurityEvent", "SecurityNotices.onSecurityEvents");

        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        AccountRef owner = new AccountRef(user.accountId(), user.email());
        transactions.executeWithoutResult(status -> {
            events.publish(SecurityEventType.SESSION_STARTED, owner, user.organizationId(), owner, "Session 1, Chrome on Linux");
            events.publish(SecurityEventType.SIGN_IN, owner, user.organizationId(), owner, null);
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target_account_id = ?").param(user.accountId())
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?").param(user.email())
                .query(Long.class).single()).as("mails about a sign-in").isZero();
    }

    private SignedInAccount owingCode(SignedInAccount account) {
        return testAccounts.atStage(account, SignInStage.MFA_CHALLENGE);
    }

    private static SignInSessions.CodeCounter counterOf(SignedInAccount account) {
        return new SignInSessions.CodeCounter(KIND, String.valueOf(account.accountId()));
    }

    private void wrongCodeCounted(SignedInAccount account) {
        jdbc.sql("INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count) VALUES (?, ?, 1, ?, 0)")
                .params(KIND, String.valueOf(account.accountId()), Timestamp.from(clock.instant())).update();
    }

    private long counterRows(SignedInAccount account) {
        return jdbc.sql("SELECT COUNT(*) FROM attempt_counter WHERE kind = ? AND subject = ?")
                .params(KIND, String.valueOf(account.accountId())).query(Long.class).single();
    }

    private static UsernamePasswordAuthenticationToken authenticated(SignedInAccount completed) {
        return UsernamePasswordAuthenticationToken.authenticated(completed, null, completed.getAuthorities());
    }

    /**
     * The account's session, audit rows and sign-in row, every column, with what differs between two accounts
     * and two moments put in words: the account's id and email, the session's id and token, and each time, once
     * checked to lie within the test (the session's two times equal, as both ways write one instant).
     */
    private List<Map<String, Object>> rowsOf(SignedInAccount account, SignInSessions.Started started, Instant before, Instant after) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(jdbc.sql("SELECT * FROM console_session WHERE account_id = ?").param(account.accountId())
                .query().listOfRows());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("id")).isEqualTo(started.id());
        assertThat(rows.get(0).get("created_at")).isEqualTo(rows.get(0).get("last_active_at"));
        rows.addAll(jdbc.sql("SELECT * FROM audit_event WHERE target_account_id = ? ORDER BY id").param(account.accountId())
                .query().listOfRows());
        rows.addAll(jdbc.sql("SELECT * FROM account_sign_in WHERE account_id = ?").param(account.accountId())
                .query().listOfRows());
        List<Map<String, Object>> described = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> words = new LinkedHashMap<>();
            row.forEach((column, value) -> words.put(column, described(column, value, account, started, before, after)));
            described.add(words);
        }
        return described;
    }

    private static Object described(String column, Object value, SignedInAccount account, SignInSessions.Started started,
                                    Instant before, Instant after) {
        if (value == null) {
            return null;
        }
        if (value.equals(account.accountId()) && column.endsWith("id")) {
            return "the account's id";
        }
        if (value.equals(account.email())) {
            return "the account's email";
        }
        if (column.equals("id") || column.equals("token_hash")) {
            return "its own " + column;
        }
        if (value instanceof Timestamp time) {
            assertThat(time.toInstant()).as(column).isBetween(before.minusMillis(1), after.plusMillis(1));
            return "a time of the sign-in";
        }
        if (value instanceof LocalDateTime time) {
            assertThat(time.toInstant(ZoneOffset.UTC)).as(column).isBetween(before.minusMillis(1), after.plusMillis(1));
            return "a time of the sign-in";
        }
        if (column.equals("details")) {
            return value.toString().replace("Session " + started.id() + ",", "Session (its id),");
        }
        return value;
    }

    private void awaitLastSignInFollowed(SignedInAccount account) {
        await("the last sign-in following the committed one").atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.sql("SELECT a.last_sign_in_at = s.committed_sign_in_at FROM account a JOIN account_sign_in s "
                        + "ON s.account_id = a.id WHERE a.id = ?").param(account.accountId()).query(Boolean.class).optional()
                        .orElse(false));
    }
}
