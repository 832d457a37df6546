package io.storageconsole.mfa.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param issuer      the name authenticator apps show next to the account
 * @param keys        encryption keys of TOTP secrets, {@code id:base64,...}, the first one current;
 *                    blank on the embedded default, where a key file in the data folder is used
 * @param maxFailures wrong codes per account within {@code failureWindow} before codes are locked
 * @param firstLock   how long the first lock lasts; each further lock doubles it (at most a day)
 */
@ConfigurationProperties("console.mfa")
public record MfaProperties(String issuer, String keys, int maxFailures, Duration failureWindow,
                            Duration firstLock) {
}
