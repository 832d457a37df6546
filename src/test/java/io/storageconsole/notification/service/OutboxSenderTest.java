package io.storageconsole.notification.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storageconsole.notification.domain.OutboxMailRepository;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.MailHeaders;
import io.storageconsole.testing.SecondNode;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The outbox sender on the real database and a real SMTP server. Test mails are due an hour from
 * now and sent by senders whose clock is ahead, so the application's own sender leaves them alone.
 */
class OutboxSenderTest extends IntegrationTest {

    @Autowired
    private OutboxMailRepository mails;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private JdbcTemplate jdbcTemplate;

    @Autowired
    private MailOutbox outbox;

    @Autowired
    private ApplicationContext context;

    private final Instant now = Instant.now();
    private final Instant due = now.plus(Duration.ofHours(1));

    @Test
    void the_wait_between_attempts_doubles_up_to_an_hour() {
        assertThat(OutboxSender.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(OutboxSender.backoffAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(OutboxSender.backoffAfter(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(OutboxSender.backoffAfter(40)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void the_connection_to_the_mail_server_has_connect_read_and_write_timeouts() {
        var properties = context.getBean(JavaMailSenderImpl.class).getJavaMailProperties();
        assertThat(properties.getProperty("mail.smtp.connectiontimeout")).isEqualTo("10000");
        assertThat(properties.getProperty("mail.smtp.timeout")).isEqualTo("10000");
        assertThat(properties.getProperty("mail.smtp.writetimeout")).isEqualTo("10000");
    }

    @Test
    void a_mail_server_that_cannot_be_reached_counts_no_attempt_however_long_it_stays_away_and_the_mail_goes_out_once_it_is_back()
            throws Exception {
        String recipient = uniqueRecipient();
        long id = queue(recipient, "Outbox test", due);
        JavaMailSenderImpl dead = deadServer();

        for (int look = 1; look <= 3; look++) {
            senderAt(dead, now.plus(Duration.ofHours(1 + look)), 2).sendDue();
        }

        Row waiting = row(id);
        assertThat(waiting.sentAt()).isNull();
        assertThat(waiting.attempts()).isZero();
        assertThat(waiting.deadAt()).isNull();
        assertThat(waiting.leaseOwner()).isNull();

        senderAt(liveServer(), now.plus(Duration.ofHours(5)), 2).sendDue();

        Row delivered = row(id);
        assertThat(delivered.sentAt()).isNotNull();
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.leaseOwner()).isNull();
        assertThat(mailTo(recipient)).hasSize(1);
    }

    @Test
    void a_mail_that_cannot_even_be_written_fails_alone_the_batch_goes_on_and_it_becomes_a_dead_letter() throws Exception {
        long unwritable = queue("<<not an address>>", "Outbox dead letter", due);
        String recipient = uniqueRecipient();
        long behind = queue(recipient, "Outbox behind a bad mail", due.plusSeconds(1));

        senderAt(liveServer(), now.plus(Duration.ofHours(2)), 2).sendDue();
        Row first = row(unwritable);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.leaseOwner()).isNull();
        assertThat(first.deadAt()).isNull();
        assertThat(row(behind).sentAt()).isNotNull();
        assertThat(mailTo(recipient)).hasSize(1);

        senderAt(liveServer(), now.plus(Duration.ofHours(3)), 2).sendDue();
        Row given = row(unwritable);
        assertThat(given.attempts()).isEqualTo(2);
        assertThat(given.deadAt()).isNotNull();

        senderAt(liveServer(), now.plus(Duration.ofHours(4)), 2).sendDue();
        Row still = row(unwritable);
        assertThat(still.attempts()).isEqualTo(2);
        assertThat(still.sentAt()).isNull();
    }

    /**
     * A trigger's SIGNAL reaches the sender as a transient error (the driver's class for an SQLSTATE it
     * does not know), which it used to try again twice, 200 and 400 ms apart: a rule refuses again.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void a_delivery_that_a_rule_of_the_database_refuses_is_not_tried_again(CapturedOutput output) {
        String recipient = uniqueRecipient();
        long id = queue(recipient, "Outbox refused by a rule", due);
        jdbcTemplate.execute("CREATE TRIGGER outbox_test_refuses_one_delivery BEFORE UPDATE ON mail_outbox FOR EACH ROW "
                + "BEGIN IF NEW.sent_at IS NOT NULL AND NEW.id = " + id + " THEN "
                + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'This test refuses the delivery'; END IF; END");
        try {
            senderAt(liveServer(), now.plus(Duration.ofHours(2)), 2).sendDue();
        } finally {
            jdbcTemplate.execute("DROP TRIGGER outbox_test_refuses_one_delivery");
        }
        assertThat(mailTo(recipient)).hasSize(1);
        assertThat(row(id).sentAt()).isNull();
        assertThat(output.getOut()).contains("The delivery of mail " + id + " was refused by a rule of the database")
                .doesNotContain("The delivery of mail " + id + " could not be recorded after");
    }

    @Test
    void a_lease_that_might_run_out_under_one_send_or_missing_timeouts_stop_the_sender_from_starting() {
        Properties timeouts = new Properties();
        timeouts.setProperty("mail.smtp.timeout", "10000");
        timeouts.setProperty("mail.smtp.writetimeout", "10000");

        OutboxSender.requireLeaseOutlastsOneSend(Duration.ofMinutes(5), timeouts);
        assertThatThrownBy(() -> OutboxSender.requireLeaseOutlastsOneSend(Duration.ofMinutes(1), timeouts))
                .hasMessageContaining("console.mail.lease");
        JavaMailSenderImpl noTimeouts = liveServer();
        OutboxSender sender = senderAt(noTimeouts, now, 2);
        assertThatThrownBy(sender::start)
                .hasMessageContaining("mail.smtp.timeout must be set");
        assertThat(sender.isRunning()).isFalse();
    }

    @Test
    void two_senders_racing_over_a_thousand_mails_send_each_exactly_once() throws Exception {
        String batch = "Outbox race " + UUID.randomUUID();
        String recipient = uniqueRecipient();
        List<Object[]> rows = IntStream.range(0, 1000)
                .mapToObj(n -> new Object[] {recipient, batch + " #" + n, "Body",
                        Timestamp.from(now), Timestamp.from(due)})
                .toList();
        jdbcTemplate.batchUpdate("INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)", rows);
        Instant later = now.plus(Duration.ofHours(2));
        OutboxSender one = senderAt(liveServer(), later, 10, "one@console.example.com");
        OutboxSender other = senderAt(liveServer(), later, 10, "other@console.example.com");

        // Threads of their own: the common pool may have a single thread on a small machine.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> awaitThen(start, one::sendDue), threads);
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> awaitThen(start, other::sendDue), threads);
            start.countDown();
            CompletableFuture.allOf(a, b).join();
        } finally {
            threads.shutdown();
        }

        List<MimeMessage> received = received(batch);
        Map<String, Long> timesBySubject = received.stream()
                .collect(Collectors.groupingBy(MailHeaders::subject, Collectors.counting()));
        assertThat(timesBySubject).hasSize(1000);
        assertThat(timesBySubject.values()).allMatch(times -> times == 1);
        Map<String, Long> bySender = received.stream()
                .collect(Collectors.groupingBy(MailHeaders::from, Collectors.counting()));
        assertThat(bySender).containsOnlyKeys("one@console.example.com", "other@console.example.com");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE ? AND sent_at IS NOT NULL AND attempts = 1")
                .param(batch + " #%").query(Long.class).single()).isEqualTo(1000);
    }

    @Test
    void a_lease_that_ran_out_is_taken_over_and_one_still_held_is_left_alone() {
        String abandoned = uniqueRecipient();
        String held = uniqueRecipient();
        long abandonedId = queue(abandoned, "Outbox abandoned lease", due);
        long heldId = queue(held, "Outbox held lease", due);
        Instant later = now.plus(Duration.ofHours(2));
        leaseTo(abandonedId, "a node that died", later.minusSeconds(1));
        leaseTo(heldId, "a node still sending", later.plus(Duration.ofMinutes(4)));

        senderAt(liveServer(), later, 10).sendDue();

        assertThat(row(abandonedId).sentAt()).isNotNull();
        assertThat(mailTo(abandoned)).hasSize(1);
        Row untouched = row(heldId);
        assertThat(untouched.sentAt()).isNull();
        assertThat(untouched.attempts()).isZero();
        assertThat(untouched.leaseOwner()).isEqualTo("a node still sending");
    }

    @Test
    void a_hung_mail_server_holds_only_the_mail_thread_and_when_it_hangs_up_the_mail_is_given_back_uncounted()
            throws Exception {
        try (HungSmtpServer hung = new HungSmtpServer();
             SecondNode node = SecondNode.startOnOwnDatabase(context, "outbox_hung_smtp",
                     "spring.mail.host=127.0.0.1", "spring.mail.port=" + hung.port(),
                     // Far longer than this test: the sender is still waiting whenever the purge is looked at.
                     "spring.mail.properties.mail.smtp.timeout=600000", "console.mail.lease=2h",
                     "console.mail.poll-interval=100ms", "console.sessions.purge-interval=100ms")) {
            JdbcClient db = node.bean(JdbcClient.class);
            long mail = insertKey(db, "INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) VALUES (?, 'Hung', 'Body', ?, ?)",
                    uniqueRecipient(), Timestamp.from(now), Timestamp.from(now));

            await("the sender connecting to the hung server").atMost(Duration.ofSeconds(20))
                    .until(() -> hung.connections() > 0);
            long session = insertEndedSession(db, now.minus(Duration.ofDays(8)));
            await("the session purge").atMost(Duration.ofSeconds(60)).until(() ->
                    db.sql("SELECT COUNT(*) FROM console_session WHERE id = ?").param(session).query(Long.class).single() == 0);
            assertThat(hung.firstClientHungUp()).as("the send still waits for the server's greeting").isFalse();
            assertThat(row(db, mail).leaseOwner()).isNotNull();

            hung.hangUp();
            await("the mail given back and leased again by the next look").atMost(Duration.ofSeconds(30))
                    .until(() -> hung.connections() > 1);
            Row waiting = row(db, mail);
            assertThat(waiting.sentAt()).isNull();
            assertThat(waiting.attempts()).isZero();
            assertThat(waiting.deadAt()).isNull();
        }
    }

    @Test
    void sent_mail_and_dead_letters_past_the_retention_are_purged_while_pending_and_recent_mail_stays() {
        Instant old = now.minus(Duration.ofDays(31));
        long oldSent = queue(uniqueRecipient(), "Outbox purge", old);
        long oldDead = queue(uniqueRecipient(), "Outbox purge", old);
        long recentSent = queue(uniqueRecipient(), "Outbox purge", old);
        long oldPending = queue(uniqueRecipient(), "Outbox purge", due);
        jdbc.sql("UPDATE mail_outbox SET sent_at = ?, attempts = 1 WHERE id = ?").params(Timestamp.from(old), oldSent).update();
        jdbc.sql("UPDATE mail_outbox SET dead_at = ?, attempts = 10 WHERE id = ?").params(Timestamp.from(old), oldDead).update();
        jdbc.sql("UPDATE mail_outbox SET sent_at = ?, attempts = 1 WHERE id = ?")
                .params(Timestamp.from(now.minus(Duration.ofDays(29))), recentSent).update();

        assertThat(outbox.purge()).isGreaterThanOrEqualTo(2);

        assertThat(exists(oldSent)).isFalse();
        assertThat(exists(oldDead)).isFalse();
        assertThat(exists(recentSent)).isTrue();
        assertThat(exists(oldPending)).isTrue();
    }

    private OutboxSender senderAt(JavaMailSenderImpl server, Instant at, int maxAttempts) {
        return senderAt(server, at, maxAttempts, "test@console.example.com");
    }

    private OutboxSender senderAt(JavaMailSenderImpl server, Instant at, int maxAttempts, String from) {
        ObjectProvider<JavaMailSenderImpl> provider = new StaticListableBeanFactory(Map.of("mailSender", server))
                .getBeanProvider(JavaMailSenderImpl.class);
        return new OutboxSender(mails, provider, Clock.fixed(at, ZoneOffset.UTC), new OutboxProperties(
                from, Duration.ofSeconds(2), 20, Duration.ofMinutes(5), maxAttempts, Duration.ofDays(30)));
    }

    private long queue(String recipient, String subject, Instant dueAt) {
        return insertKey(jdbc, "INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) VALUES (?, ?, 'Body', ?, ?)",
                recipient, subject, Timestamp.from(now), Timestamp.from(dueAt));
    }

    private void leaseTo(long id, String owner, Instant until) {
        jdbc.sql("UPDATE mail_outbox SET lease_owner = ?, lease_until = ? WHERE id = ?")
                .params(owner, Timestamp.from(until), id).update();
    }

    private static long insertKey(JdbcClient db, String sql, Object... params) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        db.sql(sql).params(params).update(key);
        return key.getKey().longValue();
    }

    private static long insertEndedSession(JdbcClient db, Instant endedAt) {
        Timestamp at = Timestamp.from(endedAt);
        long organization = insertKey(db, "INSERT INTO organization (name, created_at) VALUES ('Purge test', ?)", at);
        long account = insertKey(db, "INSERT INTO account (organization_id, email, role, created_at) VALUES (?, ?, 'ROOT', ?)",
                organization, uniqueRecipient(), at);
        return insertKey(db, "INSERT INTO console_session (token_hash, account_id, created_at, last_active_at, ended_at, end_reason) "
                + "VALUES (?, ?, ?, ?, ?, 'SIGNED_OUT')", UUID.randomUUID().toString().replace("-", "").repeat(2), account, at, at, at);
    }

    private boolean exists(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE id = ?").param(id).query(Long.class).single() == 1;
    }

    private Row row(long id) {
        return row(jdbc, id);
    }

    private static Row row(JdbcClient db, long id) {
        return db.sql("SELECT attempts, next_attempt_at, sent_at, last_error, dead_at, lease_owner FROM mail_outbox WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Row(rs.getInt(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
                        rs.getString(4), instant(rs.getTimestamp(5)), rs.getString(6)))
                .single();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String uniqueRecipient() {
        return "outbox-" + UUID.randomUUID().toString().substring(0, 12) + "@test.example.com";
    }

    /** The mails to {@code email} received so far: call it once the outbox rows say sent, so a late duplicate is counted too. */
    private static List<MimeMessage> mailTo(String email) {
        return Arrays.stream(MAIL.getReceivedMessages())
                .filter(message -> MailHeaders.recipients(message).contains(email))
                .toList();
    }

    private static List<MimeMessage> received(String batch) {
        return Arrays.stream(MAIL.getReceivedMessages())
                .filter(message -> MailHeaders.subject(message).startsWith(batch + " #"))
                .toList();
    }

    private static void awaitThen(CountDownLatch start, Runnable run) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        run.run();
    }

    private static JavaMailSenderImpl deadServer() throws Exception {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        try (ServerSocket socket = new ServerSocket(0)) {
            sender.setPort(socket.getLocalPort());
        }
        return sender;
    }

    private static JavaMailSenderImpl liveServer() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(MAIL.getSmtp().getPort());
        return sender;
    }

    private record Row(int attempts, Instant nextAttemptAt, Instant sentAt, String lastError, Instant deadAt,
                       String leaseOwner) {
    }
}
