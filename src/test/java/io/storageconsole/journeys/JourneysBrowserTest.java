package io.storageconsole.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console on a 1366×900 laptop and a 390-px phone, and by keyboard: what a person sees and
 * can reach, measured in the real Chromium.
 */
class JourneysBrowserTest extends BrowserTest {

    @Autowired
    private JdbcClient jdbc;

    /** Sub-user rows fully inside the grid's visible box, and whether each one's actions are too. */
    private static final String VISIBLE_ROWS = """
            grid => {
              const box = grid.getBoundingClientRect();
              const inside = r => r.top >= box.top - 1 && r.bottom <= box.bottom + 1
                  && r.left >= box.left - 1 && r.right <= box.right + 1 && r.bottom <= window.innerHeight + 1;
              const rows = [...grid.shadowRoot.querySelectorAll('tbody#items tr')]
                  .filter(row => !row.hidden && row.getBoundingClientRect().height > 0 && inside(row.getBoundingClientRect()));
              const actions = [...grid.querySelectorAll('vaadin-grid-cell-content vaadin-button')]
                  .filter(button => button.getBoundingClientRect().height > 0);
              const visibleActions = actions.filter(button => {
                const r = button.getBoundingClientRect();
                return r.top >= box.top && r.bottom <= box.bottom;
              });
              return { rows: rows.length, actionsInRows: visibleActions.length,
                       actionsOutside: visibleActions.filter(button => !inside(button.getBoundingClientRect())).length,
                       pageScrolls: document.scrollingElement.scrollHeight > window.innerHeight + 1 };
            }""";

    /**
     * Grid cells whose text is cut with an ellipsis: every header (a sorter's text, too) and every
     * date (a long email or access label may be cut; a date may not).
     */
    private static final String CUT_CELLS = """
            grid => {
              const cut = element => element.scrollWidth > element.clientWidth + 1;
              const cells = [...grid.shadowRoot.querySelectorAll('thead th, tbody#items td')]
                  .filter(cell => cell.getBoundingClientRect().width > 0 && !cell.parentElement.hidden);
              return cells.flatMap(cell => {
                const content = cell.querySelector('slot')?.assignedElements()[0];
                if (!content || content.querySelector('.console-visually-hidden')) return [];
                const header = cell.localName === 'th';
                const sorter = content.querySelector('vaadin-grid-sorter');
                const sorterText = sorter?.shadowRoot.querySelector('[part=content]');
                const text = content.innerText.trim();
                const checked = header || /^[0-9]{4}-[0-9]{2}-[0-9]{2} /.test(text);
                return checked && (cut(content) || (sorterText && cut(sorterText)))
                    ? [(header ? 'header ' : 'cell ') + '"' + text + '" ' + content.clientWidth + ' of ' + content.scrollWidth + ' px']
                    : [];
              });
            }""";

    /** Every rendered control whose box leaves the viewport sideways, and whether the page scrolls sideways. */
    private static final String OFF_SCREEN_CONTROLS = """
            () => {
              const width = window.innerWidth;
              const selector = 'vaadin-button, vaadin-text-field, vaadin-password-field, vaadin-integer-field, '
                  + 'vaadin-select, vaadin-checkbox, vaadin-tab, a[href], vaadin-side-nav-item, vaadin-details-summary, '
                  + 'vaadin-login-form, input, button';
              const off = [...document.querySelectorAll(selector)].filter(control => {
                const r = control.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) return false;
                if (!control.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
                return r.left < -1 || r.right > width + 1;
              }).map(control => control.localName + ' "' + (control.innerText || control.getAttribute('label') || '')
                  .trim().slice(0, 40) + '" ' + Math.round(control.getBoundingClientRect().left) + '..'
                  + Math.round(control.getBoundingClientRect().right));
              if (document.scrollingElement.scrollWidth > width + 1) off.push('the page scrolls sideways');
              return off;
            }""";

    @Test
    void the_roots_grid_shows_ten_rows_with_their_actions_at_1366_by_900() {
        SignedInAccount root = testAccounts.newOrganization();
        for (int i = 0; i < 25; i++) {
            testAccounts.newSubUser(root);
        }
        // Dates in both date columns, as after a sign-in of each (a header sized to "Never" was cut).
        jdbc.sql("UPDATE account SET last_sign_in_at = created_at WHERE organization_id = ? AND id <> ?")
                .params(root.organizationId(), root.accountId()).update();
        page.setViewportSize(1366, 900);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));

        for (String path : List.of("/organization-policies", "/users")) {
            page.navigate(path);
            page.locator("vaadin-grid vaadin-grid-cell-content vaadin-button").first().waitFor();
            awaitVaadin(page);
            screenshot("1366x900" + path.replace('/', '-'));
            @SuppressWarnings("unchecked")
            Map<String, Object> seen = (Map<String, Object>) page.locator("vaadin-grid").evaluate(VISIBLE_ROWS);
            assertThat(((Number) seen.get("rows")).intValue()).as(path + ": rows in view").isGreaterThanOrEqualTo(10);
            assertThat(((Number) seen.get("actionsInRows")).intValue()).as(path + ": one Actions button per row in view")
                    .isGreaterThanOrEqualTo(10);
            assertThat(((Number) seen.get("actionsOutside")).intValue()).as(path + ": actions outside the grid's box").isZero();
            assertThat((Boolean) seen.get("pageScrolls")).as(path + ": the page itself scrolls").isFalse();
            assertThat(page.locator("#matching-users").innerText()).isEqualTo("25 users match");
            assertThat((List<?>) page.locator("vaadin-grid").evaluate(CUT_CELLS)).as(path + ": headers and dates cut short")
                    .isEmpty();
        }
    }

    @Test
    void no_control_leaves_a_390_px_phone_screen_on_any_page() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        SignedInAccount support = testAccounts.newSupport();
        page.setViewportSize(390, 844);
        List<String> offScreen = new ArrayList<>();

        for (String path : List.of("/login", "/signup", "/forgot-password", "/reset-password/not-a-real-token",
                "/invitation/not-a-real-token")) {
            page.navigate(path);
            offScreen.addAll(check("anonymous " + path));
        }
        page.navigate(newInvitationPath(root));
        offScreen.addAll(check("anonymous /invitation (a working link)"));
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        // A second browser of the root, so that the sessions grid has a "Sign out" row.
        Page other = newBrowserWindow();
        signIn(other, root.email(), TestAccounts.PASSWORD);
        other.waitForURL(url -> !url.contains("/login"));
        for (String path : List.of("/profile", "/users", "/organization-policies", "/audit-log", "/no-such-page", "/support")) {
            page.navigate(path);
            offScreen.addAll(check("root " + path));
        }
        page.navigate("/organization-policies");
        page.locator("#mfa-summary .console-figure").first().waitFor();
        screenshot("390-mfa-summary");
        // An inline figure split across lines has one box per line.
        @SuppressWarnings("unchecked")
        List<String> split = (List<String>) page.evaluate("""
                () => [...document.querySelectorAll('#mfa-summary .console-figure')]
                    .filter(figure => figure.getClientRects().length !== 1).map(figure => figure.innerText)""");
        assertThat(split).as("MFA summary figures split across lines at 390 px").isEmpty();
        for (String tab : List.of("MFA enforcement", "Session lifetime")) {
            page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName(tab)).click();
            offScreen.addAll(check("root /organization-policies, " + tab));
        }
        page.navigate("/users");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Actions for " + user.email())).click();
        offScreen.addAll(check("root /users, actions of a user"));

        page.context().clearCookies();
        signInWithCode(page, support);
        for (String path : List.of("/profile", "/support", "/support/account/" + root.accountId())) {
            page.navigate(path);
            offScreen.addAll(check("support " + path));
        }

        page.context().clearCookies();
        signIn(page, newSubUserWhoMustChangePassword(root), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/choose-password"));
        offScreen.addAll(check("sub-user /choose-password"));

        clock.advance(Duration.ofSeconds(30));
        testAccounts.enrolMfa(user, clock.instant());
        page.context().clearCookies();
        signIn(page, user.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        offScreen.addAll(check("half-signed-in /mfa"));

        assertThat(offScreen).as("controls off a 390-px screen").isEmpty();
    }

    @Test
    void a_destructive_confirmation_opens_on_cancel_and_focus_returns_to_what_opened_a_dialog() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        page.navigate("/users");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add User")).focus();
        page.keyboard().press("Enter");
        page.getByLabel("Email", exact()).waitFor();
        page.keyboard().press("Escape");
        awaitVaadin(page);
        assertThat(focusedText()).isEqualTo("Add User");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Actions for " + user.email())).focus();
        page.keyboard().press("Enter");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete").setExact(true)).click();
        // Deleting is a sudo action: the root's own password first, then the destructive confirmation.
        page.getByLabel("Password", exact()).fill(TestAccounts.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm").setExact(true)).click();
        page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Delete user?")).waitFor();
        page.waitForFunction("() => document.activeElement && document.activeElement.innerText === 'Cancel'");
        assertThat(focusedText()).isEqualTo("Cancel");
        // One Enter on the confirmation cancels: the user is still there.
        page.keyboard().press("Enter");
        awaitVaadin(page);
        assertThat(page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText(user.email())).count())
                .isEqualTo(1);
    }

    private String focusedText() {
        return (String) page.evaluate("() => document.activeElement ? document.activeElement.innerText.trim() : ''");
    }

    private List<String> check(String name) {
        awaitVaadin(page);
        screenshot("390" + name.replaceAll("[^a-z0-9]+", "-"));
        @SuppressWarnings("unchecked")
        List<String> off = (List<String>) page.evaluate(OFF_SCREEN_CONTROLS);
        return off.stream().map(control -> name + ": " + control).toList();
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/journeys", name + ".png")));
    }
}
