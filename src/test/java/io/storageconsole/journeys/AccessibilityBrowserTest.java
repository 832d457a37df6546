package io.storageconsole.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.account.ui.component.AddUserDialog;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * axe-core in the real Chromium over every page and every open dialog, as each role. Fails on any
 * critical or serious violation, and on the moderate ones the console itself causes; prints a table
 * page × impact at the end.
 */
class AccessibilityBrowserTest extends BrowserTest {

    private static final List<String> IMPACTS = List.of("critical", "serious", "moderate", "minor");
    /** Moderate and minor findings that are the console's own doing, not a Vaadin component's. */
    private static final List<String> OWN_RULES = List.of("landmark-one-main", "page-has-heading-one",
            "landmark-no-duplicate-main", "landmark-unique", "heading-order", "region", "empty-table-header");
    /**
     * Where an own rule flags Vaadin's element, not ours: the connection indicator, which Vaadin adds
     * to every page outside any landmark. Excluded by rule and exact target, so the rule still sees the rest.
     */
    private static final Map<String, List<String>> VAADINS_OWN = Map.of("region", List.of("vaadin-connection-indicator"));
    private static final Map<String, Map<String, Integer>> TABLE = new LinkedHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    private io.storageconsole.organization.service.MfaEnforcementSettings enforcement;

    private static final Map<String, java.util.Set<String>> RULES = new LinkedHashMap<>();

    private final List<String> failures = new ArrayList<>();

    @Test
    void anonymous_pages_have_no_serious_finding() {
        scan("anonymous /login", "/login");
        scan("anonymous /login?error", "/login?error");
        scan("anonymous /signup", "/signup");
        scan("anonymous /no-such-page", "/no-such-page");
        scan("anonymous /forgot-password", "/forgot-password");
        page.getByLabel("Email", exact()).fill("nobody@test.example.com");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send link")).click();
        page.locator("#forgot-password-answer").getByText("If this address").waitFor();
        analyze("anonymous /forgot-password (answered)");
        scan("anonymous /reset-password (used or expired link)", "/reset-password/not-a-real-token");
    }

    @Test
    void invitation_and_first_password_pages_have_no_serious_finding() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        scan("anonymous /invitation (a working link)", newInvitationPath(root));
        page.getByLabel("New password", exact()).fill("weakweak");
        page.getByLabel("Confirm new password", exact()).fill("weakweak");
        button("Set password").click();
        fieldError(page, "Use 8 to").waitFor();
        analyze("anonymous /invitation (weak password)");
        page.getByLabel("New password", exact()).fill("Invited-Passw0rd!");
        page.getByLabel("Confirm new password", exact()).fill("Invited-Passw0rd!");
        button("Set password").click();
        page.locator("#invitation-accepted").waitFor();
        analyze("anonymous /invitation (password set)");
        scan("anonymous /invitation (used or expired link)", "/invitation/not-a-real-token");

        signIn(page, newSubUserWhoMustChangePassword(root), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/choose-password"));
        analyze("sub-user /choose-password (must change at first sign-in)");
    }

    @Test
    void half_signed_in_pages_have_no_serious_finding() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        analyze("half-signed-in /mfa (code)");
        page.getByText("Lost your authenticator?").click();
        analyze("half-signed-in /mfa (recovery code open)");

        SignedInAccount enforcing = testAccounts.newOrganization();
        testAccounts.signIn(enforcing);
        enforcement.setMfaEnforcement(true, "", TestAccounts.PASSWORD);
        signIn(page, enforcing.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        analyze("half-signed-in /mfa (must enrol)");
        button("Set up MFA").click();
        page.locator("#mfa-qr-code").waitFor();
        analyze("half-signed-in /mfa (enrolment form)");
    }

    @Test
    void sub_user_pages_and_dialogs_have_no_serious_finding() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        signIn(page, user.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/profile") || url.endsWith("/"));
        analyze("sub-user /profile");
        page.locator("#user-menu").click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out").setExact(true)).waitFor();
        analyze("sub-user user menu");
        page.keyboard().press("Escape");

        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Multi-Factor Authentication")).click();
        page.getByLabel("Password", exact()).waitFor();
        analyze("sub-user dialog: password before enrolment");
        page.getByLabel("Password", exact()).fill(TestAccounts.PASSWORD);
        button("Continue").click();
        page.locator("#mfa-qr-code").waitFor();
        analyze("sub-user dialog: MFA enrolment");
        page.keyboard().press("Escape");
        awaitVaadin(page);

        scan("sub-user /users (no access)", "/users");
        scan("sub-user /no-such-page", "/no-such-page");
    }

    @Test
    void sub_user_with_active_mfa_dialogs_have_no_serious_finding() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        TestAccounts.EnrolledMfa mfa = testAccounts.enrolMfa(user, clock.instant());
        clock.advance(java.time.Duration.ofSeconds(30));
        signIn(page, user.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByLabel("6-digit code", exact()).fill(io.storageconsole.mfa.service.TotpCodes.codeAt(mfa.secret(), clock.instant()));
        button("Verify").click();
        page.waitForURL(url -> !url.contains("/mfa"));
        analyze("sub-user /profile (MFA active)");

        button("Regenerate recovery codes").click();
        page.getByLabel("Password", exact()).waitFor();
        analyze("sub-user dialog: regenerate recovery codes");
        page.keyboard().press("Escape");
        button("Reset MFA for this account").click();
        page.getByLabel("Password", exact()).waitFor();
        analyze("sub-user dialog: reset MFA");
        page.keyboard().press("Escape");
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Multi-Factor Authentication")).click();
        page.getByLabel("Code from your authenticator app", exact()).waitFor();
        analyze("sub-user dialog: turn MFA off");
        page.keyboard().press("Escape");
    }

    @Test
    void root_pages_and_dialogs_have_no_serious_finding() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        analyze("root /profile");

        scan("root /users", "/users");
        button("Add User").click();
        page.getByLabel("Email", exact()).waitFor();
        analyze("root dialog: Add User");
        page.keyboard().press("Escape");
        openActions(user);
        analyze("root dialog: actions of a user (Users)");
        button("Delete").click();
        button("Cancel").waitFor();
        analyze("root dialog: delete user");
        page.keyboard().press("Escape");
        openActions(user);
        button("Turn off console access").click();
        button("Cancel").waitFor();
        analyze("root dialog: turn off console access");
        button("Turn off").click();
        awaitVaadin(page);
        openActions(user);
        button("Turn on console access").click();
        page.getByLabel("Password", exact()).waitFor();
        analyze("root dialog: turn on console access (the root's password first)");
        page.keyboard().press("Escape");
        page.getByLabel("Email contains").fill("no-such-user");
        page.getByText("No users match.").waitFor();
        analyze("root /users (nothing matches)");

        scan("root /organization-policies", "/organization-policies");
        chooseMfaState("Off");
        page.locator("#matching-users").getByText("1 user matches").waitFor();
        analyze("root /organization-policies (MFA state Off)");
        chooseMfaState("All");
        openActions(user);
        analyze("root dialog: actions of a user (Policies)");
        button("Turn MFA on").click();
        page.getByLabel("Password", exact()).waitFor();
        analyze("root dialog: confirm access");
        page.getByLabel("Password", exact()).fill(TestAccounts.PASSWORD);
        button("Confirm").click();
        awaitVaadin(page);
        openActions(user);
        button("Reset MFA").click();
        button("Cancel").waitFor();
        analyze("root dialog: reset MFA of a sub-user");
        page.keyboard().press("Escape");
        openActions(user);
        button("Turn MFA off").click();
        button("Cancel").waitFor();
        analyze("root dialog: turn MFA off for a sub-user");
        page.keyboard().press("Escape");
        // The selection column's header holds its name, not a select-all box: the only box is the row's.
        page.locator("vaadin-grid vaadin-checkbox").first().click();
        button("Reset MFA of 1 selected users").click();
        button("Cancel").waitFor();
        analyze("root dialog: bulk reset");
        page.keyboard().press("Escape");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("MFA enforcement")).click();
        page.getByText("Enforce MFA policy to all users in your organization").click();
        page.getByLabel("Password", exact()).waitFor();
        analyze("root dialog: enforce MFA");
        page.keyboard().press("Escape");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Session lifetime")).click();
        page.getByText("Inactivity timeout").first().waitFor();
        analyze("root /organization-policies (session lifetime)");

        // The root's password was confirmed a moment ago: turning access on opens its own dialog now.
        page.navigate("/users");
        openActions(user);
        button("Turn on console access").click();
        page.getByText(AddUserDialog.Access.INVITE.label()).waitFor();
        analyze("root dialog: turn on console access (invitation)");
        page.getByText(AddUserDialog.Access.PASSWORD.label()).click();
        page.getByLabel("Password", exact()).waitFor();
        analyze("root dialog: turn on console access (a password the root sets)");
        page.keyboard().press("Escape");

        scan("root /audit-log", "/audit-log");
        page.getByLabel("User email contains").fill("no-such-user");
        page.getByText("0 events match").waitFor();
        analyze("root /audit-log (nothing matches)");

        scan("root /support (no access)", "/support");
        scan("root /no-such-page", "/no-such-page");
    }

    @Test
    void support_pages_have_no_serious_finding() {
        SignedInAccount customer = testAccounts.newOrganization();
        SignedInAccount support = testAccounts.newSupport();
        signInWithCode(page, support);
        analyze("support /profile");
        scan("support /support", "/support");
        scan("support /support/account (a customer)", "/support/account/" + customer.accountId());
        button("Send verification code").click();
        page.getByLabel("Code the customer reads out").waitFor();
        analyze("support /support/account (code sent)");
        scan("support /users (no access)", "/users");
        scan("support /no-such-page", "/no-such-page");
    }

    @AfterEach
    void failOnFindings() {
        assertThat(failures).as("axe findings").isEmpty();
    }

    @AfterAll
    static void printTable() {
        StringBuilder out = new StringBuilder(String.format("%n%-60s", "page or dialog"));
        IMPACTS.forEach(impact -> out.append(String.format("%10s", impact)));
        TABLE.forEach((page, counts) -> {
            out.append(String.format("%n%-60s", page));
            IMPACTS.forEach(impact -> out.append(String.format("%10d", counts.getOrDefault(impact, 0))));
        });
        RULES.forEach((page, rules) -> out.append(String.format("%n%s: %s", page, rules)));
        System.out.println(out);
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Chooses in the MFA state filter as a person does: opens its list, clicks the choice. */
    private void chooseMfaState(String choice) {
        page.getByLabel("MFA state").click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(choice).setExact(true)).click();
        awaitVaadin(page);
    }

    /** Opens the actions of the grid row of {@code user}. */
    private void openActions(SignedInAccount user) {
        awaitVaadin(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Actions for " + user.email())).click();
        page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(user.email())).waitFor();
    }

    /**
     * A notification or dialog fading in or out has too little contrast for a moment: axe judges the
     * page once nothing moves, shadow roots included, and again if something began to fade while it
     * read the page (a notice's time ran out mid-scan).
     */
    private AxeResults settledScan(String name) {
        for (int scan = 1; scan <= 10; scan++) {
            page.waitForFunction(SETTLED);
            page.evaluate(WATCH_FOR_FADES);
            AxeResults results = new AxeBuilder(page).analyze();
            if (!Boolean.TRUE.equals(page.evaluate("() => window.consoleScanDisturbed"))) {
                return results;
            }
        }
        throw new AssertionError(name + ": the page never held still for a whole scan");
    }

    /** True once no finite animation runs in the document or any shadow root, and no overlay is opening or closing. */
    private static final String SETTLED = """
            () => {
              const roots = [document];
              for (let i = 0; i < roots.length; i++) {
                roots[i].querySelectorAll('*').forEach(element => element.shadowRoot && roots.push(element.shadowRoot));
              }
              const moving = roots.some(root => root.getAnimations().some(animation => animation.playState === 'running'
                  && animation.effect && animation.effect.getComputedTiming().iterations !== Infinity));
              return !moving && !document.querySelector('[opening], [closing]');
            }""";

    /** Notes (in window.consoleScanDisturbed) any overlay or notification that starts opening or closing from now on. */
    private static final String WATCH_FOR_FADES = """
            () => {
              window.consoleScanDisturbed = false;
              if (window.consoleScanWatch) {
                window.consoleScanWatch.disconnect();
              }
              window.consoleScanWatch = new MutationObserver(changes => {
                if (changes.some(change => change.type === 'attributes'
                    || [...change.addedNodes].some(node => node.localName === 'vaadin-notification-card'))) {
                  window.consoleScanDisturbed = true;
                }
              });
              window.consoleScanWatch.observe(document.body,
                  {subtree: true, childList: true, attributes: true, attributeFilter: ['opening', 'closing']});
            }""";

    private void scan(String name, String path) {
        page.navigate(path);
        awaitVaadin(page);
        analyze(name);
    }

    private void analyze(String name) {
        awaitVaadin(page);
        AxeResults results = settledScan(name);
        Map<String, Integer> counts = TABLE.computeIfAbsent(name, key -> new LinkedHashMap<>());
        for (Rule rule : results.getViolations()) {
            String impact = rule.getImpact() == null ? "minor" : rule.getImpact();
            counts.merge(impact, rule.getNodes().size(), Integer::sum);
            RULES.computeIfAbsent(name, key -> new java.util.TreeSet<>()).add(impact + " " + rule.getId());
            List<CheckedNode> ours = rule.getNodes().stream()
                    .filter(node -> !VAADINS_OWN.getOrDefault(rule.getId(), List.of()).equals(node.getTarget()))
                    .toList();
            if (impact.equals("critical") || impact.equals("serious") || OWN_RULES.contains(rule.getId()) && !ours.isEmpty()) {
                failures.add(name + ": " + impact + " " + rule.getId() + " at " + ours.stream()
                        .map(node -> node.getTarget() + " " + node.getHtml()).collect(Collectors.joining(", ")));
            }
        }
    }
}
