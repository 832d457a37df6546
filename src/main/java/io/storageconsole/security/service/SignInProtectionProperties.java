package io.storageconsole.security.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxFailures           failed sign-ins of one IP address (IPv6: its /64) for one account before that address is
 *                              blocked for that account
 * @param failureWindow         how long failures keep counting after the first one
 * @param blockDuration         how long the block lasts
 * @param maxFailuresPerAddress failed sign-ins of one address for all accounts and unknown emails together before
 *                              that address is blocked for every account
 * @param maxFailuresPerAccount failed sign-ins of one account (or unknown email) from all addresses together before
 *                              it is blocked from every address
 */
@ConfigurationProperties("console.sign-in")
public record SignInProtectionProperties(int maxFailures, Duration failureWindow, Duration blockDuration,
                                         int maxFailuresPerAddress, int maxFailuresPerAccount) {
}
