package io.storageconsole.audit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.audit.AuditRows;
import io.storageconsole.audit.service.AuditLog;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit pages in the real Chromium on a 1366×900 laptop: the sign-in this browser just made in
 * Security activity (its browser and address as the server saw them), the root's audit log filled
 * to the window, reached by keyboard, and its CSV download. Screenshots in target/screenshots/audit.
 */
class AuditPagesBrowserTest extends BrowserTest {

    @Autowired
    private AuditLog writer;

    @Test
    void security_activity_shows_this_browsers_sign_in_with_its_browser_and_address() {
        SignedInAccount root = testAccounts.newOrganization();
        page.setViewportSize(1366, 900);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        page.navigate("/profile");

        Locator signIn = page.locator("#security-activity-grid vaadin-grid-cell-content", new Page.LocatorOptions()
                .setHasText("Signed in")).first();
        signIn.waitFor();
        awaitVaadin(page);
        List<String> cells = page.locator("#security-activity-grid vaadin-grid-cell-content").allInnerTexts();
        // The sign-in row: the browser as the server saw it, and this machine's loopback address.
        int signedIn = cells.indexOf("Signed in");
        assertThat(cells.subList(signedIn, signedIn + 4)).containsExactly("Signed in", "You", "Chrome on Linux",
                cells.get(signedIn + 3));
        assertThat(cells.get(signedIn + 3)).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        page.locator("#security-activity").scrollIntoViewIfNeeded();
        screenshot("1366x900-profile-security-activity");
    }

    @Test
    void the_audit_log_fills_a_laptop_window_is_reached_by_keyboard_and_downloads_its_csv() throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        AuditRows rows = new AuditRows(writer);
        for (int i = 0; i < 30; i++) {
            rows.write(SecurityEventType.SIGN_IN, clock.instant().minusSeconds(3600 + i * 60L), user, user, null);
        }
        page.setViewportSize(1366, 900);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log")).click();
        page.locator("#matching-events").getByText("events match").waitFor();
        awaitVaadin(page);
        screenshot("1366x900-audit-log");

        Object visibleRows = page.locator("vaadin-grid").evaluate("""
                grid => { const box = grid.getBoundingClientRect();
                  return [...grid.shadowRoot.querySelectorAll('tbody#items tr')].filter(row => {
                    const r = row.getBoundingClientRect();
                    return !row.hidden && r.height > 0 && r.top >= box.top && r.bottom <= Math.min(box.bottom, window.innerHeight); }).length; }""");
        assertThat(((Number) visibleRows).intValue()).as("rows in view at 1366×900").isGreaterThanOrEqualTo(10);

        // By keyboard: from the user filter, Tab reaches the export; typing filters.
        page.getByLabel("User email contains").focus();
        page.keyboard().type(user.email());
        page.locator("#matching-events").getByText("30 events match").waitFor();
        String reached = "";
        for (int i = 0; i < 12 && !reached.equals("Export CSV"); i++) {
            page.keyboard().press("Tab");
            reached = (String) page.evaluate("() => document.activeElement ? document.activeElement.innerText.trim() : ''");
        }
        assertThat(reached).isEqualTo("Export CSV");

        Download download = page.waitForDownload(() -> page.keyboard().press("Enter"));
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(csv.lines().count()).isEqualTo(31);
        assertThat(csv.lines().skip(1)).allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z,Signed in,SIGN_IN,.*"));

        page.setViewportSize(390, 844);
        awaitVaadin(page);
        screenshot("390-audit-log");
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/audit", name + ".png")));
    }
}
