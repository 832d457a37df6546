package io.storageconsole.mfa.service;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class MfaConfiguration {

    @Bean
    TotpVerifier totpVerifier(Clock clock) {
        return new TotpVerifier(TotpPolicy.AUTHENTICATOR_APPS, clock);
    }

    @Bean
    RecoveryCodes recoveryCodes() {
        return new RecoveryCodes();
    }

    @Bean
    SecretCipher secretCipher(MfaProperties properties, Environment environment,
                              @Value("${console.data-dir}") Path dataDir) {
        boolean production = Arrays.asList(environment.getActiveProfiles()).contains("prod");
        return MfaKeys.load(properties.keys(), production, dataDir);
    }
}
