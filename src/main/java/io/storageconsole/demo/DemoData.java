package io.storageconsole.demo;

import io.storageconsole.account.service.AccountRegistration;
import io.storageconsole.mfa.service.MfaAdministration;
import io.storageconsole.organization.service.OrganizationService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Demo accounts for the embedded default, created once through the features' own provisioning.
 * Never in {@code prod}, and never against an external database. The passwords are public (they are
 * in the README), so printing them is safe.
 */
@Component
@Profile("!prod")
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank() and ${console.demo-data.enabled:true}")
class DemoData implements ApplicationRunner {

    static final String ORGANIZATION = "Demo Organization";
    static final String ROOT_EMAIL = "root@demo.example.com";
    static final String ROOT_PASSWORD = "Demo-Root-2026!";
    static final String SUPPORT_EMAIL = "support@demo.example.com";
    static final String SUPPORT_PASSWORD = "Demo-Support-2026!";
    /** A second support member, so that the four-eyes approval of a root's MFA reset can be tried. */
    static final String SECOND_SUPPORT_EMAIL = "support2@demo.example.com";
    static final String SUB_USER_PASSWORD = "Demo-User-2026!";
    static final int SUB_USERS = 32;

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final OrganizationService organizations;
    private final AccountRegistration accounts;
    private final MfaAdministration mfa;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    DemoData(OrganizationService organizations, AccountRegistration accounts, MfaAdministration mfa,
             PasswordEncoder passwordEncoder, Clock clock) {
        this.organizations = organizations;
        this.accounts = accounts;
        this.mfa = mfa;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!accounts.exists(ROOT_EMAIL)) {
            create();
        }
        // Demo folders made before the second support member existed get it on their next start.
        if (!accounts.exists(SECOND_SUPPORT_EMAIL)) {
            accounts.provisionSupport(SECOND_SUPPORT_EMAIL, passwordEncoder.encode(SUPPORT_PASSWORD));
        }
        log.info("""
                Demo accounts (embedded database only):
                  root user : {} / {}
                  sub-users : user01@demo.example.com … user{}@demo.example.com / {} (every third has no console login)
                  support   : {} and {} / {} (each sets up MFA at the first sign-in)""",
                ROOT_EMAIL, ROOT_PASSWORD, SUB_USERS, SUB_USER_PASSWORD, SUPPORT_EMAIL, SECOND_SUPPORT_EMAIL,
                SUPPORT_PASSWORD);
    }

    private void create() {
        long organizationId = organizations.signUp(ORGANIZATION, ROOT_EMAIL, ROOT_PASSWORD, ROOT_PASSWORD)
                .organizationId();
        String subUserHash = passwordEncoder.encode(SUB_USER_PASSWORD);
        Instant now = clock.instant();
        for (int i = 1; i <= SUB_USERS; i++) {
            String email = "user%02d@demo.example.com".formatted(i);
            // Varied states: some API-only, some asked to enrol in MFA, some who signed in lately.
            boolean apiOnly = i % 3 == 0;
            Instant lastSignIn = !apiOnly && i % 2 == 0 ? now.minus(Duration.ofHours(i * 7L)) : null;
            long id = accounts.provisionSubUser(organizationId, email, apiOnly ? null : subUserHash,
                    now.minus(Duration.ofDays(90 - i)), lastSignIn).id();
            if (i % 4 == 1) {
                mfa.requireEnrolmentAtProvisioning(id);
            }
        }
        accounts.provisionSupport(SUPPORT_EMAIL, passwordEncoder.encode(SUPPORT_PASSWORD));
        log.info("Demo data created: {} with {} sub-users", ORGANIZATION, SUB_USERS);
    }
}
