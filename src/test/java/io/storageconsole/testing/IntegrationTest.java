package io.storageconsole.testing;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The one Spring context of the test suite: the real application on a random port, on the embedded
 * MariaDB, sending mail to a real SMTP server (GreenMail). Every integration, Karibu and browser
 * test extends this class and adds no configuration of its own, so the context is built once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({IntegrationTest.TestBeans.class, TestAccounts.class, SupportCases.class})
public abstract class IntegrationTest {

    protected static final GreenMail MAIL;

    static {
        Folders.deleteRecursively(Path.of("target/test-data"));
        MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        MAIL.start();
        Runtime.getRuntime().addShutdownHook(new Thread(MAIL::stop));
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestAccounts testAccounts;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected PasswordChecks passwordChecks;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @AfterEach
    void resetThreadAndClock() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
        clock.reset();
    }

    /** Waits until {@code count} mails to {@code email} have arrived (or 20 s passed) and returns them all. */
    protected static List<MimeMessage> awaitMailTo(String email, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<MimeMessage> found = Arrays.stream(MAIL.getReceivedMessages())
                    .filter(message -> isTo(message, email))
                    .toList();
            if (found.size() >= count || System.nanoTime() > deadline) {
                return found;
            }
            MAIL.waitForIncomingEmail(500, MAIL.getReceivedMessages().length + 1);
        }
    }

    private static boolean isTo(MimeMessage message, String email) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(address -> address.toString().equals(email));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }

        @Bean
        static PasswordChecks passwordChecks() {
            return new PasswordChecks();
        }
    }
}
