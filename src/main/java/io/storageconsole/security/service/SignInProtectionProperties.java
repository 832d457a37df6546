package io.storageconsole.security.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxFailures   failed sign-ins of one IP address for one account before that IP is blocked
 * @param failureWindow how long failures keep counting after the first one
 * @param blockDuration how long the block lasts
 */
@ConfigurationProperties("console.sign-in")
public record SignInProtectionProperties(int maxFailures, Duration failureWindow, Duration blockDuration) {
}
