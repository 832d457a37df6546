package io.storageconsole.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Drives a real Chromium ({@link Chromium}) against the application on its random port. */
@ExtendWith(ScreenshotOnFailure.class)
public abstract class BrowserTest extends IntegrationTest {

    private BrowserContext context;
    protected Page page;

    @BeforeEach
    void openBrowser() {
        context = browser().newContext(new Browser.NewContextOptions().setBaseURL(baseUrl()));
        context.setDefaultTimeout(20_000);
        page = context.newPage();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    /** A second, independent browser (its own cookies), closed with the test. */
    protected Page newBrowserWindow() {
        BrowserContext other = browser().newContext(new Browser.NewContextOptions().setBaseURL(baseUrl()));
        other.setDefaultTimeout(20_000);
        return other.newPage();
    }

    private static Browser browser() {
        return Chromium.shared();
    }

    /** Waits until Vaadin has no server round-trip in flight. */
    protected static void awaitVaadin(Page page) {
        Chromium.awaitVaadin(page);
    }

    protected static void signIn(Page page, String email, String password) {
        Chromium.signIn(page, email, password);
    }

    /** Enrols the account's MFA and signs it in with a code, as support (who always uses MFA) does. */
    protected void signInWithCode(Page page, io.storageconsole.security.SignedInAccount account) {
        String secret = testAccounts.enrolMfa(account, clock.instant()).secret();
        clock.advance(java.time.Duration.ofSeconds(30));
        signIn(page, account.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByLabel("6-digit code", exact()).fill(io.storageconsole.mfa.service.TotpCodes.codeAt(secret, clock.instant()));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Verify").setExact(true)).click();
        page.waitForURL(url -> !url.contains("/mfa") && !url.contains("/login"));
    }

    /** The error message shown under a form field (not the copy read out to screen readers). */
    protected static com.microsoft.playwright.Locator fieldError(Page page, String text) {
        return page.locator("[slot='error-message']", new Page.LocatorOptions().setHasText(text));
    }

    protected static Page.GetByLabelOptions exact() {
        return new Page.GetByLabelOptions().setExact(true);
    }
}
