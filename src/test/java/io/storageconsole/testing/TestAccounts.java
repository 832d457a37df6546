package io.storageconsole.testing;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.AccountRegistration;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.organization.service.OrganizationService;
import io.storageconsole.mfa.service.Enrolment;
import io.storageconsole.mfa.service.MfaService;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Makes fresh organizations and accounts with unique emails, so tests share one database without
 * seeing each other's data (the audit log is append-only, so nothing is ever wiped).
 */
@TestComponent
public class TestAccounts {

    public static final String PASSWORD = "Test-Passw0rd!";

    private final OrganizationService organizations;
    private final AccountRegistration accounts;
    private final PasswordEncoder passwordEncoder;
    private final JdbcClient jdbc;
    private final MfaService mfa;
    private final PasswordConfirmation passwordConfirmation;
    private final UserDetailsService signInReads;

    TestAccounts(OrganizationService organizations, AccountRegistration accounts,
                 PasswordEncoder passwordEncoder, JdbcClient jdbc, MfaService mfa,
                 PasswordConfirmation passwordConfirmation, UserDetailsService signInReads) {
        this.organizations = organizations;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.jdbc = jdbc;
        this.mfa = mfa;
        this.passwordConfirmation = passwordConfirmation;
        this.signInReads = signInReads;
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example.com";
    }

    /** A new organization; returns its root user, signed out. */
    public SignedInAccount newOrganization() {
        String email = uniqueEmail("root");
        var result = organizations.signUp("Test Org " + email.substring(5, 13), email, PASSWORD, PASSWORD);
        return principal(result.rootAccountId());
    }

    public SignedInAccount newSubUser(SignedInAccount root) {
        String email = uniqueEmail("user");
        SecurityContextHolder.clearContext();
        long id = accounts.provisionSubUser(root.organizationId(), email, passwordEncoder.encode(PASSWORD),
                java.time.Instant.now(), null).id();
        return principal(id);
    }

    public SignedInAccount newSupport() {
        SecurityContextHolder.clearContext();
        long id = accounts.provisionSupport(uniqueEmail("support"), passwordEncoder.encode(PASSWORD)).id();
        return principal(id);
    }

    public SignedInAccount principal(long accountId) {
        return jdbc.sql("SELECT id, organization_id, email, role FROM account WHERE id = ?")
                .param(accountId)
                .query((rs, n) -> SignedInAccount.complete(rs.getLong(1), rs.getObject(2, Long.class),
                        rs.getString(3), rs.getString(4)))
                .single();
    }

    /** Turns MFA on for the account and activates it with a correct code; returns the key and recovery codes. */
    public EnrolledMfa enrolMfa(SignedInAccount account, Instant now) {
        signIn(account);
        Enrolment enrolment = mfa.startEnrolment(PASSWORD);
        List<String> recoveryCodes = mfa.activate(TotpCodes.codeAt(enrolment.secret(), now));
        SecurityContextHolder.clearContext();
        return new EnrolledMfa(enrolment.secret(), recoveryCodes);
    }

    /** The account as a password sign-in reads it now (the account feature's one read), its MFA state with it. */
    public SignedInAccount atPasswordStep(SignedInAccount account) {
        return (SignedInAccount) signInReads.loadUserByUsername(account.email());
    }

    /** The same account half-way through signing in, just now: password given, second factor owed. */
    public SignedInAccount atStage(SignedInAccount account, SignInStage stage) {
        int credentialsVersion = jdbc.sql("SELECT credentials_version FROM account WHERE id = ?")
                .param(account.accountId()).query(Integer.class).single();
        return new SignedInAccount(account.accountId(), account.organizationId(), account.email(), account.role(),
                stage, credentialsVersion, null);
    }

    public record EnrolledMfa(String secret, List<String> recoveryCodes) {
    }

    /**
     * Signs the account in, in a browser of its own that confirmed the password just now, as the
     * root user's actions on sub-users require (PasswordConfirmation's sudo mode).
     */
    public void signInWithConfirmedPassword(SignedInAccount account) {
        if (RequestContextHolder.getRequestAttributes() == null) {
            inBrowser();
        }
        signIn(account);
        passwordConfirmation.confirmForSensitiveActions(PASSWORD);
    }

    /** Serves what follows on this thread as one browser: a request with a servlet session of its own. */
    public static void inBrowser() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(new MockHttpSession());
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    /** Puts the account on this thread as if it had signed in, for service and Karibu tests. */
    public static void signIn(SignedInAccount account) {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(account, null, account.getAuthorities()));
    }

    public String organizationNameOf(String rootEmail) {
        return jdbc.sql("SELECT o.name FROM organization o JOIN account a ON a.organization_id = o.id WHERE a.email = ?")
                .param(rootEmail)
                .query(String.class)
                .single();
    }

    /** The account's MFA state as stored. */
    public MfaState mfaStateOf(long accountId) {
        return MfaState.valueOf(jdbc.sql("SELECT mfa_state FROM account WHERE id = ?").param(accountId).query(String.class).single());
    }

    public long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }
}
