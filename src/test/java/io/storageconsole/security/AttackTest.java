package io.storageconsole.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.storageconsole.account.domain.Account;
import io.storageconsole.account.service.AccountRegistration;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.testing.CookieBrowser;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.SecondNode;
import io.storageconsole.testing.TestAccounts;
import io.storageconsole.testing.VaadinHttpUi;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The attacks of issue 8, each run from outside against the real application over HTTP: the sign-in
 * form and the Vaadin client's own requests, fired at once from threads where the attack is a race.
 * Each test is named after the attack it shows to fail.
 */
class AttackTest extends IntegrationTest {

    private static final String WRONG_PASSWORD = "Wrong-Passw0rd!";

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private PasswordEncoder passwordEncoder;

    @Autowired
    private AccountRegistration registration;

    @Autowired
    private SubUserAdministration subUsers;

    @Autowired
    private ApplicationContext context;

    // 1. Open database

    @Test
    void the_embedded_database_refuses_a_connection_from_the_network_and_a_wrong_password() throws SQLException {
        int port = URI.create(dataSource.unwrap(HikariDataSource.class).getJdbcUrl().substring("jdbc:".length())).getPort();
        InetAddress network = nonLoopbackAddress();
        report("embedded database", "network address tried", network.getHostAddress(), "port", port);

        String user = dataSource.unwrap(HikariDataSource.class).getUsername();
        String password = dataSource.unwrap(HikariDataSource.class).getPassword();

        // Even the right user and password: nothing listens there, so the connection itself is refused.
        assertThatThrownBy(() -> connect("jdbc:mariadb://" + network.getHostAddress() + ":" + port
                + "/console?connectTimeout=3000", user, password))
                .as("a connection through %s, this machine's network address", network.getHostAddress())
                .isInstanceOf(SQLException.class).hasRootCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> connect("jdbc:mariadb://127.0.0.1:" + port + "/console", user,
                "not-the-password"))
                .as("a wrong password on the loopback address")
                .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        assertThat(connect("jdbc:mariadb://127.0.0.1:" + port + "/console", user, password))
                .as("the right password on the loopback address: it is the password that was refused").isNotNull();
        assertThatThrownBy(() -> connect("jdbc:mariadb://127.0.0.1:" + port + "/console", "anyone", ""))
                .as("any other user name").isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
    }

    // 2. Takeover survives the victim's fix

    @Test
    void after_a_password_change_the_intruders_other_session_lands_on_the_sign_in_page_and_the_owners_stays() {
        var owner = testAccounts.newSubUser(testAccounts.newOrganization());
        CookieBrowser intruder = signedIn(owner.email());
        CookieBrowser owners = signedIn(owner.email());
        VaadinHttpUi profile = VaadinHttpUi.open(owners, "profile");

        changePassword(profile, TestAccounts.PASSWORD, "Changed-Passw0rd!");

        report("password change", "intruder still signed in", intruder.isSignedIn(), "owner signed in", owners.isSignedIn());
        assertThat(profile.notifications()).contains("Your password was changed.");
        assertThat(intruder.isSignedIn()).isFalse();
        assertThat(owners.isSignedIn()).isTrue();
    }

    @Test
    void after_the_owner_resets_mfa_the_intruders_other_session_lands_on_the_sign_in_page_and_cannot_enrol() {
        var owner = testAccounts.newSubUser(testAccounts.newOrganization());
        CookieBrowser intruder = signedIn(owner.email());
        CookieBrowser owners = signedIn(owner.email());
        testAccounts.enrolMfa(owner, clock.instant());
        VaadinHttpUi profile = VaadinHttpUi.open(owners, "profile");

        profile.click(profile.button("Reset MFA for this account"));
        profile.type(profile.field("Password"), TestAccounts.PASSWORD);
        profile.click(profile.button("Reset MFA"));

        report("own MFA reset", "intruder still signed in", intruder.isSignedIn(), "owner signed in", owners.isSignedIn());
        assertThat(mfaStateOf(owner.accountId())).isEqualTo("PENDING");
        assertThat(intruder.isSignedIn()).isFalse();
        assertThat(owners.isSignedIn()).isTrue();
    }

    @Test
    void after_the_root_resets_a_sub_users_mfa_every_session_of_that_user_lands_on_the_sign_in_page() {
        var root = testAccounts.newOrganization();
        var user = testAccounts.newSubUser(root);
        CookieBrowser intruder = signedIn(user.email());
        CookieBrowser users = signedIn(user.email());
        testAccounts.enrolMfa(user, clock.instant());
        VaadinHttpUi policies = VaadinHttpUi.open(signedIn(root.email()), "organization-policies");

        rowAction(policies, "Reset MFA", user.email());

        report("root's MFA reset", "intruder still signed in", intruder.isSignedIn());
        assertThat(mfaStateOf(user.accountId())).isEqualTo("PENDING");
        assertThat(intruder.isSignedIn()).isFalse();
        assertThat(users.isSignedIn()).isFalse();
    }

    // 3. Limits broken by parallel requests

    @Test
    void fifty_parallel_wrong_passwords_evaluate_at_most_five_with_no_5xx() throws Exception {
        var owner = testAccounts.newOrganization();
        String hash = passwordHashOf(owner.accountId());
        List<CookieBrowser> browsers = new ArrayList<>();
        List<Map<String, String>> tokens = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            CookieBrowser browser = new CookieBrowser(baseUrl());
            tokens.add(browser.csrfTokenOfSignInPage());
            browsers.add(browser);
        }
        int before = passwordChecks.against(hash);

        List<HttpResponse<String>> responses = atOnce(50, i -> browsers.get(i).signIn(owner.email(), WRONG_PASSWORD, tokens.get(i)));

        int evaluated = passwordChecks.against(hash) - before;
        long serverErrors = responses.stream().filter(response -> response.statusCode() >= 500).count();
        Map<String, Long> answers = responses.stream().collect(Collectors.groupingBy(AttackTest::signInAnswer,
                Collectors.counting()));
        report("50 parallel wrong passwords", "evaluated", evaluated, "5xx", serverErrors, "answers", answers);
        assertThat(serverErrors).isZero();
        assertThat(evaluated).isLessThanOrEqualTo(5);
        assertThat(answers.keySet()).containsOnly("wrong password", "blocked");
        HttpResponse<String> right = new CookieBrowser(baseUrl()).signIn(owner.email(), TestAccounts.PASSWORD);
        assertThat(right.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).contains("/login?blocked="));
    }

    @Test
    void fifty_parallel_wrong_codes_evaluate_at_most_five_with_no_5xx() throws Exception {
        var owner = testAccounts.newOrganization();
        var mfa = testAccounts.enrolMfa(owner, clock.instant());
        List<VaadinHttpUi> challenges = codeTypedIn(50, owner, wrongCodeFor(mfa.secret(), clock.instant()));

        long serverErrors = verifyAtOnce(challenges);
        Map<String, Long> answers = codeAnswers(challenges, "no message");
        report("50 parallel wrong codes", "answers", answers, "5xx", serverErrors);
        assertThat(serverErrors).isZero();
        assertThat(answers.getOrDefault("evaluated, wrong", 0L)).isLessThanOrEqualTo(5);
        assertThat(answers.keySet()).containsOnly("evaluated, wrong", "refused, locked");
    }

    @Test
    void one_right_code_sent_from_ten_browsers_at_once_signs_in_one_of_them_with_no_5xx() throws Exception {
        var owner = testAccounts.newOrganization();
        var mfa = testAccounts.enrolMfa(owner, clock.instant());
        // A step after the one the enrolment used.
        clock.advance(Duration.ofSeconds(30));
        List<VaadinHttpUi> challenges = codeTypedIn(10, owner, TotpCodes.codeAt(mfa.secret(), clock.instant()));

        long serverErrors = verifyAtOnce(challenges);
        Map<String, Long> answers = codeAnswers(challenges, "accepted");
        int sessions = jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?").param(owner.accountId())
                .query(Integer.class).single();
        report("one right code from 10 browsers at once", "answers", answers, "console sessions started", sessions,
                "5xx", serverErrors);
        assertThat(serverErrors).isZero();
        assertThat(answers.get("accepted")).isEqualTo(1L);
        assertThat(sessions).isEqualTo(1);
        assertThat(answers.keySet()).isSubsetOf("accepted", "refused, reused", "refused, locked");
    }

    /** {@code count} browsers past the owner's password, each with {@code code} typed on the MFA page. */
    private List<VaadinHttpUi> codeTypedIn(int count, io.storageconsole.security.SignedInAccount owner, String code) {
        List<VaadinHttpUi> challenges = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CookieBrowser browser = new CookieBrowser(baseUrl());
            browser.signIn(owner.email(), TestAccounts.PASSWORD);
            VaadinHttpUi ui = VaadinHttpUi.open(browser, "mfa");
            ui.type(ui.field("6-digit code"), code);
            challenges.add(ui);
        }
        return challenges;
    }

    /** Presses "Verify" on every page at once; returns how many answered with a 5xx. */
    private static long verifyAtOnce(List<VaadinHttpUi> challenges) throws Exception {
        return atOnce(challenges.size(), i -> challenges.get(i).click(challenges.get(i).button("Verify"))).stream()
                .filter(status -> status >= 500).count();
    }

    /** What each page's code field says, counted; {@code withoutMessage} names a field that says nothing. */
    private static Map<String, Long> codeAnswers(List<VaadinHttpUi> challenges, String withoutMessage) {
        return challenges.stream().collect(Collectors.groupingBy(ui -> {
            String error = ui.errorOf(ui.field("6-digit code"));
            return error == null ? withoutMessage : error.startsWith("That code is not right") ? "evaluated, wrong"
                    : error.startsWith("That code has already been used") ? "refused, reused"
                    : error.startsWith("Too many wrong codes") ? "refused, locked" : error;
        }, Collectors.counting()));
    }

    // 4. Every failed sign-in evaluated and counted twice

    @Test
    void a_failed_sign_in_is_evaluated_and_counted_once_so_the_block_comes_after_five() {
        var owner = testAccounts.newOrganization();
        String hash = passwordHashOf(owner.accountId());
        int before = passwordChecks.against(hash);

        new CookieBrowser(baseUrl()).signIn(owner.email(), WRONG_PASSWORD);

        int evaluated = passwordChecks.against(hash) - before;
        long counted = auditEvents("SIGN_IN_FAILED", owner.accountId());
        report("one wrong password", "evaluated", evaluated, "counted", counted);
        assertThat(evaluated).isEqualTo(1);
        assertThat(counted).isEqualTo(1);
        for (int attempt = 2; attempt <= 4; attempt++) {
            new CookieBrowser(baseUrl()).signIn(owner.email(), WRONG_PASSWORD);
        }
        CookieBrowser owners = new CookieBrowser(baseUrl());
        HttpResponse<String> right = owners.signIn(owner.email(), TestAccounts.PASSWORD);
        assertThat(right.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).doesNotContain("/login"));
        assertThat(owners.isSignedIn()).isTrue();
    }

    @Test
    void a_right_password_forgets_the_wrong_ones_before_it_though_it_is_recorded_after_its_answer() {
        var owner = testAccounts.newOrganization();
        for (int round = 1; round <= 3; round++) {
            for (int attempt = 1; attempt <= 4; attempt++) {
                new CookieBrowser(baseUrl()).signIn(owner.email(), WRONG_PASSWORD);
            }
            // Straight after its answer, the next round's first attempt: it waits for the success to be recorded.
            CookieBrowser owners = new CookieBrowser(baseUrl());
            owners.signIn(owner.email(), TestAccounts.PASSWORD);
            assertThat(owners.isSignedIn()).as("round %d: twelve wrong passwords, none more than four in a row", round).isTrue();
        }
        assertThat(auditEvents("SIGN_IN_BLOCKED", owner.accountId())).isZero();
    }

    // 5. Login CSRF

    @Test
    void a_cross_site_post_to_login_signs_nobody_in_and_counts_no_failure() {
        var owner = testAccounts.newOrganization();
        int checksBefore = passwordChecks.total();
        CookieBrowser victim = new CookieBrowser(baseUrl());

        HttpResponse<String> forged = victim.signInWithoutCsrfToken(owner.email(), TestAccounts.PASSWORD);
        for (int attempt = 0; attempt < 6; attempt++) {
            victim.signInWithoutCsrfToken(owner.email(), WRONG_PASSWORD);
        }

        report("cross-site POST /login", "status", forged.statusCode(), "Location",
                forged.headers().firstValue("Location").orElse(""), "passwords checked", passwordChecks.total() - checksBefore);
        assertThat(victim.isSignedIn()).isFalse();
        assertThat(victim.cookie(CookieBrowser.CONSOLE_SESSION)).isEmpty();
        assertThat(passwordChecks.total() - checksBefore).isZero();
        assertThat(auditEvents("SIGN_IN_FAILED", owner.accountId())).isZero();
        assertThat(new CookieBrowser(baseUrl()).signIn(owner.email(), TestAccounts.PASSWORD).headers()
                .firstValue("Location")).hasValueSatisfying(location -> assertThat(location).doesNotContain("/login"));
    }

    // 6. Enrolment hijack

    @Test
    void a_second_sign_in_with_the_password_cannot_replace_an_enrolment_under_way() {
        var owner = testAccounts.newSubUser(testAccounts.newOrganization());
        VaadinHttpUi profile = VaadinHttpUi.open(signedIn(owner.email()), "profile");
        profile.check(profile.field("Multi-Factor Authentication"), true);
        answerPasswordPrompt(profile, "Continue");
        String ownersKey = shownKey(profile);
        String storedKeyBefore = storedKeyOf(owner.accountId());
        long auditBefore = auditEvents("MFA_ENROLMENT_STARTED", owner.accountId());
        long mailBefore = allBodies(owner.email()).size();

        CookieBrowser intruder = signedIn(owner.email());
        VaadinHttpUi hijack = VaadinHttpUi.open(intruder, "mfa");
        String intrudersKey = hijack.find(element -> "mfa-secret".equals(element.attribute("id")))
                .map(hijack::textOf).orElse(null);
        String byTheLoad = (storedKeyOf(owner.accountId()).equals(storedKeyBefore) ? 0 : 1) + "/"
                + (auditEvents("MFA_ENROLMENT_STARTED", owner.accountId()) - auditBefore) + "/"
                + (allBodies(owner.email()).size() - mailBefore);

        profile.type(profile.field("6-digit code"), TotpCodes.codeAt(ownersKey.replace(" ", ""), clock.instant()));
        profile.click(profile.button("Activate"));

        report("enrolment hijack", "intruder got a key", intrudersKey != null, "owner's code accepted",
                mfaStateOf(owner.accountId()).equals("ACTIVE"), "keys replaced/audit rows/mails by the intruder's load",
                byTheLoad);
        assertThat(intrudersKey).isNull();
        assertThat(hijack.shows("already under way")).isTrue();
        assertThat(byTheLoad).isEqualTo("0/0/0");
        assertThat(mfaStateOf(owner.accountId())).isEqualTo("ACTIVE");
        assertThat(profile.shows("Keep these recovery codes somewhere safe.")).isTrue();
    }

    // 7. Unlimited password guesses behind a session

    @Test
    void twenty_five_wrong_current_passwords_are_limited_and_audited_and_the_session_that_guessed_ends() {
        var owner = testAccounts.newOrganization();
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.signIn(owner.email(), TestAccounts.PASSWORD);
        VaadinHttpUi profile = VaadinHttpUi.open(browser, "profile");
        String newPassword = "Changed-Passw0rd!";

        for (int guess = 1; guess <= 25; guess++) {
            changePassword(profile, "Guess-" + guess + "-Passw0rd!", newPassword);
        }
        changePassword(profile, TestAccounts.PASSWORD, newPassword);

        boolean changed = passwordEncoder.matches(newPassword, passwordHashOf(owner.accountId()));
        long audited = auditEvents("PASSWORD_CONFIRMATION_FAILED", owner.accountId());
        report("25 wrong current passwords, then the right one", "changed", changed, "audited failures", audited,
                "last message", profile.errorOf(profile.field("New password")) + " / "
                        + profile.errorOf(profile.field("Current password")));
        assertThat(changed).isFalse();
        assertThat(audited).isEqualTo(5);
        assertThat(profile.sessionExpired()).isTrue();
        assertThat(browser.isSignedIn()).isFalse();
    }

    // 8. Mail injection and mail floods

    @Test
    void a_hostile_user_agent_never_reaches_a_notice_and_wrong_codes_send_one_summary() {
        var owner = testAccounts.newOrganization();
        String injected = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 .......... SUPPORT NOTICE: your account is "
                + "suspended, call +1 555 0100 at once";
        for (int attempt = 0; attempt < 5; attempt++) {
            new CookieBrowser(baseUrl()).withUserAgent(injected).signIn(owner.email(), WRONG_PASSWORD);
        }
        var mfa = testAccounts.enrolMfa(owner, clock.instant());
        clock.advance(Duration.ofMinutes(16));
        CookieBrowser browser = new CookieBrowser(baseUrl()).withUserAgent(injected);
        browser.signIn(owner.email(), TestAccounts.PASSWORD);
        VaadinHttpUi challenge = VaadinHttpUi.open(browser, "mfa");
        for (int attempt = 0; attempt < 4; attempt++) {
            challenge.type(challenge.field("6-digit code"), wrongCodeFor(mfa.secret(), clock.instant()));
            challenge.click(challenge.button("Verify"));
        }

        List<String> blocked = outboxBodies(owner.email(), "Sign-in to your account was blocked");
        List<String> wrongCodes = outboxBodies(owner.email(), "A wrong MFA code was entered");
        report("hostile User-Agent", "blocked notices", blocked.size(), "wrong-code notices", wrongCodes.size(),
                "raw text in a notice", allBodies(owner.email()).stream().anyMatch(body -> body.contains("SUPPORT NOTICE")));
        assertThat(blocked).hasSize(1);
        assertThat(blocked.get(0)).contains("Browser: Chrome on Linux").doesNotContain("SUPPORT NOTICE");
        assertThat(allBodies(owner.email())).noneMatch(body -> body.contains("SUPPORT NOTICE") || body.contains("555"));
        assertThat(wrongCodes).hasSize(1);
    }

    // 10. Silent failures

    @Test
    void an_unreadable_grace_period_is_refused_on_its_field_and_nothing_is_enforced() {
        for (String typed : List.of("abc", "2147483648")) {
            var root = testAccounts.newOrganization();
            VaadinHttpUi policies = VaadinHttpUi.open(signedIn(root.email()), "organization-policies");
            policies.chooseTab(1);
            policies.check(policies.field("Enforce MFA policy to all users in your organization"), true);
            policies.type(policies.field("Grace period in days (optional)"), typed)
                    .type(policies.field("Password"), TestAccounts.PASSWORD);
            policies.click(policies.button("Enforce MFA"));

            String error = policies.find(element -> "Grace period in days (optional)".equals(element.property("label")))
                    .map(policies::errorOf).orElse(null);
            report("grace period " + typed, "enforced", isEnforced(root.organizationId()), "field message", error);
            assertThat(isEnforced(root.organizationId())).isFalse();
            assertThat(error).isNotBlank();
        }
    }

    @Test
    void a_stale_tab_ending_the_sessions_of_a_user_deleted_meanwhile_shows_a_message() {
        var root = testAccounts.newOrganization();
        var user = testAccounts.newSubUser(root);
        signedIn(user.email());
        VaadinHttpUi policies = VaadinHttpUi.open(signedIn(root.email()), "organization-policies");
        deleteInAnotherTab(root, user.accountId());

        openRowAction(policies, "End sessions", user.email());
        answerPasswordPrompt(policies, "Confirm");
        int status = confirm(policies);

        report("stale End sessions", "status", status, "notifications", policies.notifications());
        assertThat(status).isLessThan(500);
        assertThat(policies.notifications()).anyMatch(message -> message.contains("no longer exists"));
    }

    @Test
    void a_bulk_reset_holding_a_user_deleted_in_another_tab_shows_a_message() {
        var root = testAccounts.newOrganization();
        var kept = testAccounts.newSubUser(root);
        var deleted = testAccounts.newSubUser(root);
        VaadinHttpUi policies = VaadinHttpUi.open(signedIn(root.email()), "organization-policies");
        rowAction(policies, "Turn MFA on", kept.email());
        rowAction(policies, "Turn MFA on", deleted.email());
        policies.select(grid(policies), policies.rowKeyShowing(grid(policies), kept.email()));
        policies.select(grid(policies), policies.rowKeyShowing(grid(policies), deleted.email()));
        deleteInAnotherTab(root, deleted.accountId());

        policies.click(policies.button("Reset MFA of 2 selected users"));
        answerPasswordPrompt(policies, "Confirm");
        int status = confirm(policies);

        report("bulk reset with a deleted user", "status", status, "notifications", policies.notifications());
        assertThat(status).isLessThan(500);
        assertThat(policies.notifications()).containsExactly("MFA was reset for 1 of 2 selected users. "
                + "1 user no longer exists.");
        assertThat(auditEvents("MFA_RESET", kept.accountId())).isEqualTo(1);
    }

    @Test
    void a_code_typed_after_the_root_reset_that_users_mfa_shows_a_message() {
        var root = testAccounts.newOrganization();
        var user = testAccounts.newSubUser(root);
        var mfa = testAccounts.enrolMfa(user, clock.instant());
        CookieBrowser users = new CookieBrowser(baseUrl());
        users.signIn(user.email(), TestAccounts.PASSWORD);
        VaadinHttpUi challenge = VaadinHttpUi.open(users, "mfa");
        rowAction(VaadinHttpUi.open(signedIn(root.email()), "organization-policies"), "Reset MFA", user.email());

        challenge.type(challenge.field("6-digit code"), TotpCodes.codeAt(mfa.secret(), clock.instant().plusSeconds(30)));
        int status = challenge.click(challenge.button("Verify"));

        String message = challenge.errorOf(challenge.field("6-digit code"));
        report("code after the root's reset", "status", status, "message", message, "notifications", challenge.notifications());
        assertThat(status).isLessThan(500);
        assertThat(message).isNotBlank();
        assertThat(users.cookie(CookieBrowser.CONSOLE_SESSION)).isEmpty();
    }

    // 11. Transport and headers

    @Test
    void pages_carry_the_security_headers_and_actuator_shows_only_the_plain_health_status() {
        CookieBrowser browser = new CookieBrowser(baseUrl());
        HttpResponse<String> login = browser.get("/login");
        var owner = testAccounts.newOrganization();
        CookieBrowser halfSignedIn = new CookieBrowser(baseUrl());
        halfSignedIn.signIn(owner.email(), TestAccounts.PASSWORD);
        testAccounts.enrolMfa(owner, clock.instant());
        CookieBrowser pending = new CookieBrowser(baseUrl());
        pending.signIn(owner.email(), TestAccounts.PASSWORD);
        HttpResponse<String> discovery = pending.get("/actuator");
        HttpResponse<String> health = new CookieBrowser(baseUrl()).get("/actuator/health");

        report("headers", "CSP", login.headers().firstValue("Content-Security-Policy").orElse("none"),
                "Referrer-Policy", login.headers().firstValue("Referrer-Policy").orElse("none"),
                "Permissions-Policy", login.headers().firstValue("Permissions-Policy").orElse("none"),
                "Cache-Control", login.headers().firstValue("Cache-Control").orElse("none"),
                "JSESSIONID", login.headers().allValues("Set-Cookie"),
                "/actuator for a half-signed-in user", discovery.statusCode() + (discovery.body().contains("_links")
                        ? " with links" : " without links"), "health", health.body());
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'", "img-src 'self' data:",
                        "object-src 'none'", "form-action 'self'"));
        assertThat(login.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(login.headers().firstValue("Permissions-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("camera=()", "geolocation=()"));
        assertThat(login.headers().firstValue("Cache-Control")).hasValueSatisfying(cache ->
                assertThat(cache).contains("no-store"));
        assertThat(login.headers().allValues("Set-Cookie")).allSatisfy(cookie ->
                assertThat(cookie).contains("SameSite=Lax"));
        assertThat(discovery.body()).doesNotContain("_links", "actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"status\":\"UP\"").doesNotContain("components", "details", "db");
    }

    @Test
    void a_response_carrying_the_totp_key_is_not_stored_by_the_browser() {
        var owner = testAccounts.newSubUser(testAccounts.newOrganization());
        CookieBrowser browser = signedIn(owner.email());
        VaadinHttpUi profile = VaadinHttpUi.open(browser, "profile");
        profile.check(profile.field("Multi-Factor Authentication"), true);
        answerPasswordPrompt(profile, "Continue");

        assertThat(shownKey(profile)).isNotBlank();
        assertThat(profile.lastHeader("Cache-Control")).contains("no-store");
    }

    @Test
    void in_production_cookies_are_secure_and_hsts_is_sent_whatever_the_request_says() {
        var owner = testAccounts.newOrganization();
        try (SecondNode production = SecondNode.start(context, 0, "spring.profiles.active=prod",
                "console.mfa.keys=" + io.storageconsole.mfa.service.SecretCipher.newKeySpec("k1"))) {
            CookieBrowser browser = new CookieBrowser(production.baseUrl());
            HttpResponse<String> login = browser.get("/login");
            HttpResponse<String> signedIn = browser.signIn(owner.email(), TestAccounts.PASSWORD);

            List<String> cookies = new ArrayList<>(login.headers().allValues("Set-Cookie"));
            cookies.addAll(signedIn.headers().allValues("Set-Cookie"));
            report("production over plain HTTP", "Set-Cookie", cookies, "HSTS",
                    login.headers().firstValue("Strict-Transport-Security").orElse("none"));
            assertThat(cookies).anyMatch(cookie -> cookie.startsWith(CookieBrowser.CONSOLE_SESSION + "="));
            assertThat(cookies).allSatisfy(cookie -> assertThat(cookie).contains("Secure", "SameSite=Lax", "HttpOnly"));
            assertThat(login.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(hsts ->
                    assertThat(hsts).contains("max-age=31536000", "includeSubDomains"));
        }
    }

    // 12. Root's sensitive actions without re-authentication

    @Test
    void the_roots_mfa_actions_ask_for_the_password_again_after_a_few_minutes_and_a_bulk_reset_skips_users_changed_since_seen() {
        var root = testAccounts.newOrganization();
        var first = testAccounts.newSubUser(root);
        var second = testAccounts.newSubUser(root);
        VaadinHttpUi policies = VaadinHttpUi.open(signedIn(root.email()), "organization-policies");

        openRowAction(policies, "Turn MFA on", first.email());
        boolean askedFirst = policies.find(element -> "Password".equals(element.property("label"))).isPresent();
        answerPasswordPrompt(policies, "Confirm");
        rowAction(policies, "Turn MFA on", second.email());
        boolean askedWithinMinutes = askedForPasswordLastTime;
        clock.advance(Duration.ofMinutes(6));
        policies.select(grid(policies), policies.rowKeyShowing(grid(policies), first.email()));
        policies.select(grid(policies), policies.rowKeyShowing(grid(policies), second.email()));
        turnOffConsoleAccessInAnotherTab(root, second.accountId());
        policies.click(policies.button("Reset MFA of 2 selected users"));
        boolean askedAfterMinutes = policies.find(element -> "Password".equals(element.property("label"))).isPresent();
        answerPasswordPrompt(policies, "Confirm");
        confirm(policies);

        report("root's sensitive actions", "password asked first", askedFirst, "asked again within minutes",
                askedWithinMinutes, "asked after 6 minutes", askedAfterMinutes, "changed user reset",
                auditEvents("MFA_RESET", second.accountId()) > 0, "notifications", policies.notifications());
        assertThat(askedFirst).isTrue();
        assertThat(askedWithinMinutes).isFalse();
        assertThat(askedAfterMinutes).isTrue();
        assertThat(auditEvents("MFA_RESET", first.accountId())).isEqualTo(1);
        assertThat(auditEvents("MFA_RESET", second.accountId())).isZero();
        assertThat(policies.notifications()).containsExactly("MFA was reset for 1 of 2 selected users. 1 user was "
                + "changed by someone else since you loaded the list and left as they are: check and try again.");
    }

    // 9. Timing tells API-only accounts apart

    @Test
    void an_api_only_account_and_an_unknown_email_cost_the_same_one_hash_as_a_real_account() {
        var root = testAccounts.newOrganization();
        String apiOnly = TestAccounts.uniqueEmail("api-only");
        registration.provisionSubUser(root.organizationId(), apiOnly, null, Instant.now(), null);

        int real = hashesFor(root.email());
        int withoutPassword = hashesFor(apiOnly);
        int unknown = hashesFor(TestAccounts.uniqueEmail("nobody"));

        report("password hashes per wrong sign-in", "real account", real, "API-only account", withoutPassword,
                "unknown email", unknown);
        assertThat(List.of(real, withoutPassword, unknown)).containsOnly(1);
    }

    // 13. Secret not bound to its owner

    @Test
    void a_totp_secret_copied_onto_another_account_does_not_sign_that_account_in() {
        var first = testAccounts.newOrganization();
        var second = testAccounts.newOrganization();
        var firstMfa = testAccounts.enrolMfa(first, clock.instant());
        testAccounts.enrolMfa(second, clock.instant());
        jdbc.sql("UPDATE mfa_credential SET encrypted_secret = (SELECT encrypted_secret FROM "
                        + "(SELECT encrypted_secret FROM mfa_credential WHERE account_id = ?) copied) WHERE account_id = ?")
                .params(first.accountId(), second.accountId()).update();
        clock.advance(Duration.ofSeconds(60));
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.signIn(second.email(), TestAccounts.PASSWORD);
        VaadinHttpUi challenge = VaadinHttpUi.open(browser, "mfa");

        challenge.type(challenge.field("6-digit code"), TotpCodes.codeAt(firstMfa.secret(), clock.instant()));
        int status = challenge.click(challenge.button("Verify"));

        boolean signedIn = browser.cookie(CookieBrowser.CONSOLE_SESSION).isPresent();
        report("secret of one account copied onto another", "status", status, "signed in", signedIn,
                "message", challenge.errorOf(challenge.field("6-digit code")));
        assertThat(status).isLessThan(500);
        assertThat(signedIn).isFalse();
        assertThat(challenge.errorOf(challenge.field("6-digit code"))).isNotBlank();
    }

    // Review of issue 8, finding 1: the root's "new password" for a sub-user evicts everyone

    @Test
    void console_access_turned_off_and_on_again_ends_the_intruders_session_and_voids_a_half_finished_sign_in() {
        var root = testAccounts.newOrganization();
        var user = testAccounts.newSubUser(root);
        CookieBrowser intruder = signedIn(user.email());
        var mfa = testAccounts.enrolMfa(user, clock.instant());
        CookieBrowser halfSignedIn = new CookieBrowser(baseUrl());
        halfSignedIn.signIn(user.email(), TestAccounts.PASSWORD);
        VaadinHttpUi challenge = VaadinHttpUi.open(halfSignedIn, "mfa");

        testAccounts.signInWithConfirmedPassword(root);
        subUsers.turnOffConsoleAccess(root.organizationId(), user.accountId(), versionOf(user.accountId()));
        subUsers.turnOnConsoleAccess(root.organizationId(), user.accountId(), versionOf(user.accountId()),
                "Handed-Over-Passw0rd!");
        org.springframework.security.core.context.SecurityContextHolder.clearContext();
        challenge.type(challenge.field("6-digit code"), TotpCodes.codeAt(mfa.secret(), clock.instant().plusSeconds(30)));
        int status = challenge.click(challenge.button("Verify"));

        report("console access off and on", "intruder still signed in", intruder.isSignedIn(),
                "half-finished sign-in completed", halfSignedIn.cookie(CookieBrowser.CONSOLE_SESSION).isPresent(),
                "sessions revoked", auditEvents("SESSION_REVOKED", user.accountId()));
        assertThat(intruder.isSignedIn()).isFalse();
        assertThat(status).isLessThan(500);
        assertThat(halfSignedIn.cookie(CookieBrowser.CONSOLE_SESSION)).isEmpty();
        assertThat(challenge.errorOf(challenge.field("6-digit code"))).isNotBlank();
        assertThat(auditEvents("SESSION_REVOKED", user.accountId())).isEqualTo(1);
    }

    @Test
    void deleting_a_sub_user_ends_and_audits_each_of_their_sessions() {
        var root = testAccounts.newOrganization();
        var user = testAccounts.newSubUser(root);
        CookieBrowser first = signedIn(user.email());
        CookieBrowser second = signedIn(user.email());

        testAccounts.signInWithConfirmedPassword(root);
        subUsers.deleteSubUser(root.organizationId(), user.accountId(), versionOf(user.accountId()));
        org.springframework.security.core.context.SecurityContextHolder.clearContext();

        report("sub-user deleted", "sessions revoked and audited", auditEvents("SESSION_REVOKED", user.accountId()));
        assertThat(first.isSignedIn()).isFalse();
        assertThat(second.isSignedIn()).isFalse();
        assertThat(auditEvents("SESSION_REVOKED", user.accountId())).isEqualTo(2);
    }

    // Review of issue 8, finding 3: an intruder's wrong passwords cannot lock the owner out

    @Test
    void an_intruder_guessing_the_current_password_loses_that_session_and_the_owner_can_still_change_it() {
        var owner = testAccounts.newOrganization();
        CookieBrowser intruder = signedIn(owner.email());
        VaadinHttpUi intrudersProfile = VaadinHttpUi.open(intruder, "profile");
        for (int guess = 1; guess <= 5; guess++) {
            changePassword(intrudersProfile, "Guess-" + guess + "-Passw0rd!", "Intruders-Passw0rd!");
        }
        boolean intruderSignedIn = intruder.isSignedIn();
        VaadinHttpUi ownersProfile = VaadinHttpUi.open(signedIn(owner.email()), "profile");

        changePassword(ownersProfile, TestAccounts.PASSWORD, "Changed-Passw0rd!");

        boolean changed = passwordEncoder.matches("Changed-Passw0rd!", passwordHashOf(owner.accountId()));
        report("intruder's 5 wrong current passwords", "intruder still signed in", intruderSignedIn,
                "owner's change accepted", changed, "owner's message", ownersProfile.errorOf(ownersProfile.field("New password")));
        assertThat(intruderSignedIn).isFalse();
        assertThat(changed).isTrue();
        assertThat(auditEvents("PASSWORD_CONFIRMATION_LOCKED", owner.accountId())).isEqualTo(1);
        assertThat(auditEvents("SESSION_REVOKED", owner.accountId())).isEqualTo(1);
    }

    // Review of issue 8, finding 4: the block answer does not tell which accounts exist

    @Test
    void wrong_passwords_for_an_unknown_email_are_answered_and_cost_as_for_an_existing_account() {
        var owner = testAccounts.newOrganization();
        String unknown = TestAccounts.uniqueEmail("nobody");

        List<String> existing = answersAndHashesOfSixWrongPasswords(owner.email());
        List<String> nobody = answersAndHashesOfSixWrongPasswords(unknown);

        report("six wrong passwords", "existing account", existing, "unknown email", nobody);
        assertThat(existing.get(5)).isEqualTo("blocked, 0 hashes");
        assertThat(nobody).isEqualTo(existing);
        assertThat(new CookieBrowser(baseUrl()).signIn(unknown.toUpperCase(), WRONG_PASSWORD).headers()
                .firstValue("Location")).hasValueSatisfying(location -> assertThat(location).contains("/login?blocked="));
    }

    private List<String> answersAndHashesOfSixWrongPasswords(String email) {
        List<String> answers = new ArrayList<>();
        for (int attempt = 1; attempt <= 6; attempt++) {
            int before = passwordChecks.total();
            HttpResponse<String> response = new CookieBrowser(baseUrl()).signIn(email, WRONG_PASSWORD);
            answers.add(signInAnswer(response) + ", " + (passwordChecks.total() - before) + " hashes");
        }
        return answers;
    }

    // Review of issue 8, finding 2: limits that an address range, a botnet or a sprayer cannot dodge

    @Test
    void one_address_spraying_wrong_passwords_at_many_emails_is_stopped_at_its_limit_with_no_5xx() throws Exception {
        String sprayer = "198.51.100.23";
        int limit = 100;
        List<CookieBrowser> browsers = new ArrayList<>();
        List<Map<String, String>> tokens = new ArrayList<>();
        for (int i = 0; i < limit + 20; i++) {
            CookieBrowser browser = new CookieBrowser(baseUrl()).withForwardedFor(sprayer);
            tokens.add(browser.csrfTokenOfSignInPage());
            browsers.add(browser);
        }
        int before = passwordChecks.total();

        List<HttpResponse<String>> burst = atOnce(browsers.size(), i -> browsers.get(i).signIn(
                TestAccounts.uniqueEmail("sprayed"), WRONG_PASSWORD, tokens.get(i)));
        int evaluatedInBurst = passwordChecks.total() - before;
        List<HttpResponse<String>> afterwards = wrongPasswordsUntilBlocked(() -> new CookieBrowser(baseUrl())
                .withForwardedFor(sprayer), TestAccounts::uniqueEmail, 2 * limit);

        int evaluated = passwordChecks.total() - before;
        Map<String, Long> answers = answersOf(burst);
        report("one address spraying " + browsers.size() + " emails at once", "evaluated in the burst", evaluatedInBurst,
                "evaluated in all", evaluated, "answers", answers);
        assertThat(burst).noneMatch(response -> response.statusCode() >= 500);
        assertThat(answers.keySet()).isSubsetOf("wrong password", "blocked", "busy");
        // Sign-ins refused as busy were never checked and count for nothing, yet lift no lock that others set.
        assertThat(evaluatedInBurst).isLessThanOrEqualTo(limit);
        assertThat(evaluated).isLessThanOrEqualTo(limit);
        assertThat(signInAnswer(afterwards.get(afterwards.size() - 1))).isEqualTo("blocked");
        var owner = testAccounts.newOrganization();
        assertThat(signInAnswer(new CookieBrowser(baseUrl()).withForwardedFor(sprayer)
                .signIn(owner.email(), TestAccounts.PASSWORD))).isEqualTo("blocked");
    }

    @Test
    void an_account_attacked_from_many_addresses_stops_evaluating_at_its_ceiling_with_no_5xx() throws Exception {
        var owner = testAccounts.newOrganization();
        String hash = passwordHashOf(owner.accountId());
        int ceiling = 20;
        List<CookieBrowser> browsers = new ArrayList<>();
        List<Map<String, String>> tokens = new ArrayList<>();
        for (int i = 0; i < 2 * ceiling; i++) {
            CookieBrowser browser = new CookieBrowser(baseUrl()).withForwardedFor("203.0.113." + (i + 1));
            tokens.add(browser.csrfTokenOfSignInPage());
            browsers.add(browser);
        }
        int before = passwordChecks.against(hash);

        List<HttpResponse<String>> burst = atOnce(browsers.size(), i -> browsers.get(i).signIn(owner.email(), WRONG_PASSWORD,
                tokens.get(i)));
        int evaluatedInBurst = passwordChecks.against(hash) - before;
        int[] next = {100};
        wrongPasswordsUntilBlocked(() -> new CookieBrowser(baseUrl()).withForwardedFor("203.0.113." + next[0]++),
                prefix -> owner.email(), 2 * ceiling);

        int evaluated = passwordChecks.against(hash) - before;
        Map<String, Long> answers = answersOf(burst);
        report(browsers.size() + " addresses at one account at once", "evaluated in the burst", evaluatedInBurst,
                "evaluated in all", evaluated, "answers", answers);
        assertThat(burst).noneMatch(response -> response.statusCode() >= 500);
        assertThat(answers.keySet()).isSubsetOf("wrong password", "blocked", "busy");
        assertThat(evaluated).isLessThanOrEqualTo(ceiling);
        assertThat(signInAnswer(new CookieBrowser(baseUrl()).withForwardedFor("198.51.100.200")
                .signIn(owner.email(), TestAccounts.PASSWORD))).isEqualTo("blocked");
    }

    @Test
    void the_addresses_of_one_ipv6_64_are_blocked_as_one_address() {
        var owner = testAccounts.newOrganization();
        for (int host = 1; host <= 5; host++) {
            new CookieBrowser(baseUrl()).withForwardedFor("2001:db8:7:8::" + host).signIn(owner.email(), WRONG_PASSWORD);
        }

        String sameRange = signInAnswer(new CookieBrowser(baseUrl()).withForwardedFor("2001:db8:7:8:ffff::9")
                .signIn(owner.email(), TestAccounts.PASSWORD));
        CookieBrowser otherRange = new CookieBrowser(baseUrl()).withForwardedFor("2001:db8:7:9::1");
        otherRange.signIn(owner.email(), TestAccounts.PASSWORD);

        report("five wrong passwords from five addresses of one /64", "right password from a sixth", sameRange);
        assertThat(sameRange).isEqualTo("blocked");
        assertThat(otherRange.isSignedIn()).isTrue();
    }

    @Test
    void an_unreadable_forwarded_address_is_answered_like_any_wrong_password_and_never_repeated() {
        var owner = testAccounts.newOrganization();
        String garbage = "x".repeat(300);

        List<String> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            answers.add(signInAnswer(new CookieBrowser(baseUrl()).withForwardedFor(garbage).signIn(owner.email(), WRONG_PASSWORD)));
        }

        List<String> details = jdbc.sql("SELECT details FROM audit_event WHERE target_account_id = ? AND event_type "
                + "IN ('SIGN_IN_FAILED', 'SIGN_IN_BLOCKED')").param(owner.accountId()).query(String.class).list();
        // A 500 shows as a redirect to the bare sign-in page (the error page needs a sign-in), so the answers are read.
        report("300-character forwarded address", "answers", answers, "audit details", details);
        assertThat(answers).containsExactly("wrong password", "wrong password", "wrong password", "wrong password",
                "wrong password");
        assertThat(details).hasSize(6).allMatch(detail -> detail.contains("unreadable") && !detail.contains("xxx"));
    }

    /** Wrong passwords one after another, each from a fresh browser, until the answer is "blocked" (or {@code most} tries). */
    private List<HttpResponse<String>> wrongPasswordsUntilBlocked(java.util.function.Supplier<CookieBrowser> browser,
                                                                  java.util.function.UnaryOperator<String> email, int most) {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int attempt = 0; attempt < most; attempt++) {
            HttpResponse<String> response = browser.get().signIn(email.apply("sprayed"), WRONG_PASSWORD);
            responses.add(response);
            if ("blocked".equals(signInAnswer(response))) {
                break;
            }
        }
        return responses;
    }

    /** How many of the responses told the person each answer ({@link #signInAnswer}); SignInFloodTest counts with it too. */
    static Map<String, Long> answersOf(List<HttpResponse<String>> responses) {
        return responses.stream().collect(Collectors.groupingBy(AttackTest::signInAnswer, Collectors.counting()));
    }

    /** What the sign-in page tells the person after a post: its redirect, as the browser would follow it. */
    static String signInAnswer(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() == 302 && location.contains("/login?error")) {
            return "wrong password";
        }
        if (response.statusCode() == 302 && location.contains("/login?blocked=")) {
            return "blocked";
        }
        if (response.statusCode() == 302 && location.contains("/login?busy")) {
            return "busy";
        }
        return response.statusCode() + " " + location.replaceFirst("^https?://[^/]+", "");
    }

    private boolean askedForPasswordLastTime;

    /** A grid row's action as the root clicks it: the password when asked, then the confirmation. */
    private void rowAction(VaadinHttpUi ui, String action, String email) {
        openRowAction(ui, action, email);
        askedForPasswordLastTime = answerPasswordPrompt(ui, "Confirm");
        if (confirmButton(ui).isPresent()) {
            confirm(ui);
        }
    }

    /** The row's "Actions", then the action by its text in the sheet that opens. */
    private static void openRowAction(VaadinHttpUi ui, String action, String email) {
        ui.callRowFunction("open", ui.rowKeyShowing(grid(ui), email));
        ui.click(ui.button(action));
    }

    /** The red confirm button of an open destructive confirmation. */
    private static java.util.Optional<VaadinHttpUi.Element> confirmButton(VaadinHttpUi ui) {
        return ui.find(element -> "vaadin-button".equals(element.tag()) && element.attribute("theme") != null
                && element.attribute("theme").contains("primary") && element.attribute("theme").contains("error"));
    }

    /** Types the password into a password prompt, if one is open; true if it was. */
    private static boolean answerPasswordPrompt(VaadinHttpUi ui, String buttonText) {
        var password = ui.find(element -> "Password".equals(element.property("label"))
                && "vaadin-password-field".equals(element.tag()));
        if (password.isEmpty() || ui.findButton(buttonText).isEmpty()) {
            return false;
        }
        ui.type(password.get(), TestAccounts.PASSWORD);
        ui.click(ui.button(buttonText));
        return true;
    }

    private static int confirm(VaadinHttpUi ui) {
        return confirmButton(ui).map(ui::click).orElseThrow(() ->
                new AssertionError("No confirmation is open: " + ui.texts()));
    }

    private static VaadinHttpUi.Element grid(VaadinHttpUi ui) {
        return ui.find(element -> "vaadin-grid".equals(element.tag())).orElseThrow();
    }

    private static String shownKey(VaadinHttpUi ui) {
        return ui.find(element -> "mfa-secret".equals(element.attribute("id"))).map(ui::textOf)
                .orElseThrow(() -> new AssertionError("No key shown: " + ui.texts()));
    }

    private void deleteInAnotherTab(io.storageconsole.security.SignedInAccount root, long accountId) {
        testAccounts.signInWithConfirmedPassword(root);
        subUsers.deleteSubUser(root.organizationId(), accountId, versionOf(accountId));
        org.springframework.security.core.context.SecurityContextHolder.clearContext();
    }

    private void turnOffConsoleAccessInAnotherTab(io.storageconsole.security.SignedInAccount root, long accountId) {
        TestAccounts.signIn(root);
        subUsers.turnOffConsoleAccess(root.organizationId(), accountId, versionOf(accountId));
        org.springframework.security.core.context.SecurityContextHolder.clearContext();
    }

    private int versionOf(long accountId) {
        return jdbc.sql("SELECT version FROM account WHERE id = ?").param(accountId).query(Integer.class).single();
    }

    private String mfaStateOf(long accountId) {
        return jdbc.sql("SELECT mfa_state FROM account WHERE id = ?").param(accountId).query(String.class).single();
    }

    private boolean isEnforced(long organizationId) {
        return jdbc.sql("SELECT mfa_enforced FROM organization WHERE id = ?").param(organizationId)
                .query(Boolean.class).single();
    }

    private String storedKeyOf(long accountId) {
        return jdbc.sql("SELECT encrypted_secret FROM mfa_credential WHERE account_id = ?").param(accountId)
                .query(String.class).single();
    }

    private CookieBrowser signedIn(String email) {
        CookieBrowser browser = new CookieBrowser(baseUrl());
        browser.signIn(email, TestAccounts.PASSWORD);
        assertThat(browser.isSignedIn()).isTrue();
        return browser;
    }

    private int hashesFor(String email) {
        int before = passwordChecks.total();
        new CookieBrowser(baseUrl()).signIn(email, WRONG_PASSWORD);
        return passwordChecks.total() - before;
    }

    private static void changePassword(VaadinHttpUi profile, String current, String newPassword) {
        profile.type(profile.field("Current password"), current)
                .type(profile.field("New password"), newPassword)
                .type(profile.field("Confirm new password"), newPassword);
        profile.click(profile.button("Change password"));
    }

    private String passwordHashOf(long accountId) {
        return jdbc.sql("SELECT password_hash FROM account WHERE id = ?").param(accountId).query(String.class).single();
    }

    private long auditEvents(String type, long targetAccountId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND target_account_id = ?")
                .params(type, targetAccountId).query(Long.class).single();
    }

    private List<String> outboxBodies(String recipient, String subject) {
        return jdbc.sql("SELECT body FROM mail_outbox WHERE recipient = ? AND subject = ? ORDER BY id")
                .params(recipient, subject).query(String.class).list();
    }

    private List<String> allBodies(String recipient) {
        return jdbc.sql("SELECT body FROM mail_outbox WHERE recipient = ? ORDER BY id")
                .param(recipient).query(String.class).list();
    }

    /** A well-formed code that the authenticator shows for no step within the allowed drift. */
    private static String wrongCodeFor(String secret, Instant now) {
        Set<String> valid = Set.of(TotpCodes.codeAt(secret, now.minusSeconds(30)), TotpCodes.codeAt(secret, now),
                TotpCodes.codeAt(secret, now.plusSeconds(30)));
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    /** Runs {@code count} requests released together, and returns each one's result. */
    private static <T> List<T> atOnce(int count, IndexedCall<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(threads.submit((Callable<T>) () -> {
                    ready.countDown();
                    go.await();
                    return call.call(index);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return Collections.unmodifiableList(results);
        } finally {
            threads.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexedCall<T> {
        T call(int index) throws Exception;
    }

    /** Prints what an attack achieved, so a run's log keeps the numbers (before and after a fix). */
    private static void report(String attack, Object... figures) {
        StringBuilder line = new StringBuilder("ATTACK ").append(attack).append(":");
        for (int i = 0; i + 1 < figures.length; i += 2) {
            line.append(' ').append(figures[i]).append('=').append(figures[i + 1]);
        }
        System.out.println(line);
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            return connection;
        }
    }

    private static InetAddress nonLoopbackAddress() throws SQLException {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (network.isUp() && !network.isLoopback()) {
                    for (InetAddress address : Collections.list(network.getInetAddresses())) {
                        if (address instanceof Inet4Address) {
                            return address;
                        }
                    }
                }
            }
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
        Assumptions.abort("SKIPPED LOUDLY: this machine has no non-loopback IPv4 address, so a connection from "
                + "the network to the embedded database cannot be tried here");
        throw new IllegalStateException("unreachable");
    }
}
