package io.storageconsole.support.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.support.service.HelpRequests;
import io.storageconsole.support.ui.component.HelpRequestForm;
import io.storageconsole.support.ui.view.SupportAccountView;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The support pages at a laptop's 1366×900 and a phone's 390 px: nothing overflows sideways, and the
 * identity check works by keyboard alone. Screenshots go to target/screenshots for people to look at.
 */
class SupportPagesLayoutBrowserTest extends BrowserTest {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    @Autowired
    private HelpRequests helpRequests;

    @Test
    void the_support_pages_and_the_help_request_fit_a_laptop_and_a_phone_and_the_identity_check_works_by_keyboard() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        testAccounts.enrolMfa(user, clock.instant());
        TestAccounts.signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));
        helpRequests.send("My phone was replaced and the authenticator app went with it. I still have my password.",
                "+41 44 555 66 77, weekdays 8-17");
        SupportCases.signOut();
        SignedInAccount member = testAccounts.newSupport();
        String secret = testAccounts.enrolMfa(member, clock.instant()).secret();
        clock.advance(Duration.ofSeconds(30));
        signIn(page, member.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByLabel(SecondFactorView.CODE_LABEL, exact()).fill(TotpCodes.codeAt(secret, clock.instant()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify").setExact(true)).click();
        page.waitForURL(url -> !url.contains("/mfa") && !url.contains("/login"));

        for (int width : new int[] {1366, 390}) {
            page.setViewportSize(width, width == 390 ? 844 : 900);
            page.navigate("/support");
            assertThat(page.getByText(user.email())).isVisible();
            look("support-queue", width);
            page.navigate("/support/account/" + user.accountId());
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(user.email()))).isVisible();
            look("support-account", width);
        }

        // By keyboard: Tab to "Send verification code", Enter; type the code, Enter.
        Locator send = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(SupportAccountView.SEND_CODE).setExact(true));
        tabTo(send);
        page.keyboard().press("Enter");
        Locator codeField = page.getByLabel(SupportAccountView.CODE);
        assertThat(codeField).isVisible();
        String code = SupportCases.awaitCode(user.email(), 1);
        tabTo(codeField);
        page.keyboard().type(code);
        page.keyboard().press("Enter");
        assertThat(page.locator("#support-identity-verified")).isVisible();
        look("support-account-verified", 390);

        Page customer = newBrowserWindow();
        customer.setViewportSize(390, 844);
        SignedInAccount other = testAccounts.newSubUser(testAccounts.newOrganization());
        testAccounts.enrolMfa(other, clock.instant());
        signIn(customer, other.email(), TestAccounts.PASSWORD);
        customer.waitForURL(url -> url.contains("/mfa"));
        customer.getByText(SecondFactorView.LOST_AUTHENTICATOR).click();
        customer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(HelpRequestForm.ASK)).click();
        assertThat(customer.getByLabel(HelpRequestForm.DESCRIPTION)).isVisible();
        assertNothingOutside(customer, "help request");
        customer.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("help-request-390.png")).setFullPage(true));
        customer.context().close();
    }

    private void look(String name, int width) {
        awaitVaadin(page);
        assertNothingOutside(page, name + " at " + width + " px");
        // The console scrolls inside its layout, not the document: a tall window shows the whole page at once.
        int height = page.viewportSize().height;
        page.setViewportSize(width, 2400);
        awaitVaadin(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + "-" + width + ".png")));
        page.setViewportSize(width, height);
    }

    /**
     * No heading, text, field, button or grid reaches past the right edge of the window (a grid may
     * scroll its own columns, but at these widths none needs to), and the page does not scroll sideways.
     */
    private static void assertNothingOutside(Page page, String what) {
        Object outside = page.evaluate("() => Array.from((document.querySelector('.support-page, .console-second-factor'))"
                + ".querySelectorAll('h1, h2, p, a, span, vaadin-button, "
                + "vaadin-text-field, vaadin-text-area, vaadin-select, vaadin-grid, vaadin-grid-cell-content'))"
                + ".filter(e => e.offsetParent !== null || e.tagName === 'VAADIN-GRID-CELL-CONTENT')"
                + ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 1; })"
                + ".map(e => e.tagName + ' ' + (e.textContent || '').trim().substring(0, 40))");
        assertThat((java.util.List<?>) outside).as(what).isEmpty();
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as(what).isLessThanOrEqualTo(0);
    }

    /** Presses Tab until the element has the focus (at most 60 times). */
    private void tabTo(Locator target) {
        for (int i = 0; i < 60; i++) {
            if (Boolean.TRUE.equals(target.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"))) {
                return;
            }
            page.keyboard().press("Tab");
        }
        throw new AssertionError("Tab never reached " + target);
    }
}
