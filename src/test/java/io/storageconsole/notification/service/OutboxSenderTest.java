package io.storageconsole.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.notification.domain.OutboxMailRepository;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

class OutboxSenderTest extends IntegrationTest {

    @Autowired
    private OutboxMailRepository mails;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void the_wait_between_attempts_doubles_up_to_an_hour() {
        assertThat(OutboxSender.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(OutboxSender.backoffAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(OutboxSender.backoffAfter(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(OutboxSender.backoffAfter(40)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_mail_survives_a_dead_mail_server_and_is_delivered_once_the_server_is_back() throws Exception {
        String recipient = TestAccounts.uniqueEmail("outbox");
        Instant now = Instant.now();
        // Due only an hour from now, so the application's own sender leaves it to this test.
        jdbc.sql("INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) VALUES (?, 'Outbox test', 'Body', ?, ?)")
                .params(recipient, Timestamp.from(now), Timestamp.from(now.plus(Duration.ofHours(1))))
                .update();

        senderAt(deadServer(), now.plus(Duration.ofHours(2))).sendDue();

        var failed = mails.findByRecipient(recipient).get(0);
        assertThat(failed.getSentAt()).isNull();
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(failed.getLastError()).isNotBlank();
        assertThat(failed.getNextAttemptAt()).isAfter(now.plus(Duration.ofHours(2)));

        senderAt(liveServer(), now.plus(Duration.ofHours(3))).sendDue();

        assertThat(awaitMailTo(recipient, 1)).hasSize(1);
        var delivered = mails.findByRecipient(recipient).get(0);
        assertThat(delivered.getSentAt()).isNotNull();
        assertThat(delivered.getAttempts()).isEqualTo(2);
    }

    private OutboxSender senderAt(JavaMailSender sender, Instant at) {
        ObjectProvider<JavaMailSender> provider = new org.springframework.beans.factory.support.StaticListableBeanFactory(
                java.util.Map.of("mailSender", sender)).getBeanProvider(JavaMailSender.class);
        return new OutboxSender(mails, provider, transactions, Clock.fixed(at, ZoneOffset.UTC), "test@console.example.com");
    }

    private static JavaMailSender deadServer() throws Exception {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        try (ServerSocket socket = new ServerSocket(0)) {
            sender.setPort(socket.getLocalPort());
        }
        return sender;
    }

    private static JavaMailSender liveServer() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(MAIL.getSmtp().getPort());
        return sender;
    }
}
