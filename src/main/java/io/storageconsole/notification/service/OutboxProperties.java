package io.storageconsole.notification.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param from          sender of every notice
 * @param pollInterval  pause between two looks for due mail
 * @param batchSize     mails leased and sent at a time
 * @param lease         how long a sender holds the mails it leased; it sends only while half of it
 *                      remains, so a lease never runs out under a send (clocks of the nodes in sync)
 * @param maxAttempts   failed attempts after which a mail is given up as a dead letter
 * @param retention     how long sent mail and dead letters are kept before the purge deletes them
 */
@ConfigurationProperties("console.mail")
public record OutboxProperties(String from, Duration pollInterval, int batchSize, Duration lease,
                               int maxAttempts, Duration retention) {
}
