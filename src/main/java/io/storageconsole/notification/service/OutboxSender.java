package io.storageconsole.notification.service;

import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.notification.domain.OutboxMail;
import io.storageconsole.notification.domain.OutboxMailRepository;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import jakarta.mail.MessagingException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Delivers queued mail through SMTP when {@code spring.mail.host} is set: due mails are leased by a
 * committed conditional UPDATE, then sent outside any transaction, each delivery recorded only if
 * the lease is still this sender's. So one node's mail is never sent by another while both run; a
 * node that dies between a send and its record leaves the mail to go out again once the lease ends:
 * at least once across crashes (decision 0011). A mail that fails is retried with a doubling wait,
 * up to {@code maxAttempts}; a mail server that cannot be reached counts against no mail. Without a
 * mail server the mail simply stays in the outbox. Sending runs on its own thread, so a hung mail
 * server never delays the scheduled jobs.
 */
@Component
class OutboxSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);
    private static final int MAX_ERROR = 500;
    private static final int LEASE_CONFLICT_TRIES = 3;
    private static final int RECORD_TRIES = 3;
    /** Reads and writes of one send: MAIL FROM, RCPT TO, DATA and the message, each answered by the server. */
    private static final int EXCHANGES_PER_SEND = 4;

    private final OutboxMailRepository mails;
    private final ObjectProvider<JavaMailSenderImpl> mailServer;
    private final Clock clock;
    private final OutboxProperties properties;
    /** Names this sender in {@code lease_owner}: which node holds a mail, for whoever looks at the table. */
    private final String senderId;
    private final AtomicLong leaseCount = new AtomicLong();
    private volatile ThreadPoolTaskScheduler scheduler;
    private volatile boolean warnedAboutMissingServer;

    OutboxSender(OutboxMailRepository mails, ObjectProvider<JavaMailSenderImpl> mailServer, Clock clock,
                 OutboxProperties properties) {
        this.mails = mails;
        this.mailServer = mailServer;
        this.clock = clock;
        this.properties = properties;
        String process = ManagementFactory.getRuntimeMXBean().getName();
        this.senderId = (process.length() > 40 ? process.substring(0, 40) : process)
                + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends every due mail, one lease after the other, until none is left that nobody holds. */
    void sendDue() {
        JavaMailSenderImpl server = mailServer.getIfAvailable();
        if (server == null) {
            if (!warnedAboutMissingServer) {
                log.warn("No mail server is configured (spring.mail.host): mail stays in the outbox table");
                warnedAboutMissingServer = true;
            }
            return;
        }
        try {
            boolean moreMayBeDue;
            do {
                moreMayBeDue = sendOneLease(server);
            } while (moreMayBeDue);
        } catch (DataAccessException e) {
            log.warn("The mail outbox cannot be read now, next look in {}: {}", properties.pollInterval(), e.getMessage());
        }
    }

    /** Leases one batch and sends it; true when the batch was full and went out, so more may be due. */
    private boolean sendOneLease(JavaMailSenderImpl server) {
        String owner = senderId + "#" + leaseCount.incrementAndGet();
        Instant now = clock.instant();
        Instant until = now.plus(properties.lease());
        if (lease(owner, now, until) == 0) {
            return false;
        }
        List<OutboxMail> leased = mails.findLeasedBy(owner);
        SmtpConnection smtp;
        try {
            smtp = SmtpConnection.open(server);
        } catch (MessagingException | RuntimeException e) {
            // No mail is at fault when the server cannot be reached: none counts an attempt, all wait for the next look.
            record(() -> mails.release(owner), "release of lease " + owner);
            log.warn("The mail server cannot be reached; {} mails wait for the next look in {}: {}", leased.size(),
                    properties.pollInterval(), SmtpConnection.describe(e));
            return false;
        }
        Instant sendUntil = until.minus(properties.lease().dividedBy(2));
        int delivered = 0;
        try (smtp) {
            for (OutboxMail mail : leased) {
                if (clock.instant().isAfter(sendUntil)) {
                    // Too little of the lease is left to be sure that it outlasts one more send.
                    record(() -> mails.release(owner), "release of lease " + owner);
                    break;
                }
                try {
                    smtp.send(mail, properties.from(), clock.instant());
                } catch (MessagingException e) {
                    recordFailure(mail, owner, e);
                    if (SmtpConnection.refusedOnlyThisMail(e)) {
                        continue;
                    }
                    // The connection is gone or hangs: the rest wait for the next look, no attempt counted.
                    record(() -> mails.release(owner), "release of lease " + owner);
                    break;
                } catch (RuntimeException e) {
                    // This mail could not even be written (an unparseable address): it fails, the rest go on.
                    recordFailure(mail, owner, e);
                    continue;
                }
                recordDelivery(mail, owner);
                delivered++;
            }
        }
        return leased.size() == properties.batchSize() && delivered > 0;
    }

    /**
     * The claim, committed on its own. Losing a race for the same mails is a deadlock error on one
     * server and a certification failure on Galera; either way the other sender has them, so look again.
     */
    private int lease(String owner, Instant now, Instant until) {
        for (int tries = 1; ; tries++) {
            try {
                return mails.lease(owner, now, until, properties.batchSize());
            } catch (ConcurrencyFailureException e) {
                if (tries == LEASE_CONFLICT_TRIES) {
                    log.debug("Another sender kept claiming the same mails; next look in {}", properties.pollInterval());
                    return 0;
                }
                pause(Duration.ofMillis(ThreadLocalRandom.current().nextLong(5, 50)));
            }
        }
    }

    private void recordDelivery(OutboxMail mail, String owner) {
        int recorded = record(() -> mails.markSent(mail.getId(), owner, clock.instant()), "delivery of mail " + mail.getId());
        if (recorded == 0) {
            log.warn("Mail {} was sent after its lease had been taken over; it may arrive twice", mail.getId());
        }
    }

    private void recordFailure(OutboxMail mail, String owner, Exception e) {
        int attempts = mail.getAttempts() + 1;
        Instant now = clock.instant();
        boolean giveUp = attempts >= properties.maxAttempts();
        Duration backoff = backoffAfter(attempts);
        String problem = SmtpConnection.describe(e);
        record(() -> mails.markFailed(mail.getId(), owner, attempts, shortened(problem), now.plus(backoff),
                giveUp ? now : null), "failure of mail " + mail.getId());
        if (giveUp) {
            log.error("Mail {} is given up after {} failed attempts and stays in the outbox as a dead letter: {}",
                    mail.getId(), attempts, problem);
        } else {
            log.warn("Mail {} failed (attempt {} of {}), next try in {}: {}",
                    mail.getId(), attempts, properties.maxAttempts(), backoff, problem);
        }
    }

    /**
     * Writes an outcome, trying again when the database is briefly away (a Galera node leaving, the
     * pool reconnecting to another): a delivery not recorded is sent again once its lease ends.
     */
    private int record(IntSupplier write, String what) {
        for (int tries = 1; ; tries++) {
            try {
                return write.getAsInt();
            } catch (TransientDataAccessException | RecoverableDataAccessException
                     | DataAccessResourceFailureException e) {
                if (ConflictRetry.isSignalledRule(e)) {
                    // Handed on as transient, but a rule of ours refused it: again would only be refused again.
                    log.error("The {} was refused by a rule of the database: {}", what, e.getMessage());
                    return 0;
                }
                if (tries == RECORD_TRIES) {
                    log.error("The {} could not be recorded after {} tries: {}", what, tries, e.getMessage());
                    return 0;
                }
                pause(Duration.ofMillis(200L * tries));
            }
        }
    }

    static Duration backoffAfter(int attempts) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    private static String shortened(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Refuses to start when half the lease might not outlast one send at the configured SMTP
     * timeouts: a lease running out under a send lets another node send the same mail.
     */
    static void requireLeaseOutlastsOneSend(Duration lease, Properties mailProperties) {
        Duration read = timeout(mailProperties, "mail.smtp.timeout");
        Duration write = timeout(mailProperties, "mail.smtp.writetimeout");
        Duration worstSend = read.plus(write).multipliedBy(EXCHANGES_PER_SEND);
        if (lease.dividedBy(2).compareTo(worstSend) <= 0) {
            throw new IllegalStateException("console.mail.lease (" + lease + ") must be more than twice the longest send, "
                    + EXCHANGES_PER_SEND + " x (mail.smtp.timeout + mail.smtp.writetimeout) = " + worstSend
                    + ": raise the lease or lower the timeouts");
        }
    }

    private static Duration timeout(Properties mailProperties, String name) {
        String millis = mailProperties.getProperty(name);
        if (millis == null || millis.isBlank() || Long.parseLong(millis.strip()) <= 0) {
            throw new IllegalStateException("spring.mail.properties." + name + " must be set (milliseconds): without it a "
                    + "hung mail server holds the sender, and its lease, for ever");
        }
        return Duration.ofMillis(Long.parseLong(millis.strip()));
    }

    @Override
    public void start() {
        JavaMailSenderImpl server = mailServer.getIfAvailable();
        if (server != null) {
            requireLeaseOutlastsOneSend(properties.lease(), server.getJavaMailProperties());
        }
        ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
        own.setThreadNamePrefix("mail-outbox-");
        own.setPoolSize(1);
        // A send under way is finished and recorded before the pool closes, so it is not sent twice.
        own.setWaitForTasksToCompleteOnShutdown(true);
        own.setAwaitTerminationSeconds(30);
        own.initialize();
        own.scheduleWithFixedDelay(this::sendDue, own.getClock().instant().plus(properties.pollInterval()),
                properties.pollInterval());
        scheduler = own;
    }

    @Override
    public void stop() {
        ThreadPoolTaskScheduler own = scheduler;
        scheduler = null;
        if (own != null) {
            own.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
