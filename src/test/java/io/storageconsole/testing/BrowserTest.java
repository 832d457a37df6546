package io.storageconsole.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives a real Chromium against the application on its random port. Debian's Chromium is used
 * where it is installed (CI installs it); elsewhere Playwright's own browser.
 */
@ExtendWith(ScreenshotOnFailure.class)
public abstract class BrowserTest extends IntegrationTest {

    private static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");
    private static Playwright playwright;
    private static Browser browser;

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

    private static synchronized Browser browser() {
        if (browser == null) {
            boolean debian = Files.isExecutable(DEBIAN_CHROMIUM);
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(
                    debian ? Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1") : Map.of()));
            BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run",
                            "--disable-dev-shm-usage"));
            if (debian) {
                options.setExecutablePath(DEBIAN_CHROMIUM);
            }
            browser = playwright.chromium().launch(options);
            Runtime.getRuntime().addShutdownHook(new Thread(playwright::close));
        }
        return browser;
    }

    /** Waits until Vaadin has no server round-trip in flight. */
    protected static void awaitVaadin(Page page) {
        page.waitForFunction("() => !!(window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients) && "
                + "Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive || !c.isActive())");
    }

    protected static void signIn(Page page, String email, String password) {
        page.navigate("/login");
        page.locator("vaadin-login-form input[name='username']").fill(email);
        page.locator("vaadin-login-form input[name='password']").fill(password);
        page.locator("vaadin-login-form").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Sign in").setExact(true)).click();
    }

    /** The error message shown under a form field (not the copy read out to screen readers). */
    protected static com.microsoft.playwright.Locator fieldError(Page page, String text) {
        return page.locator("[slot='error-message']", new Page.LocatorOptions().setHasText(text));
    }

    protected static Page.GetByLabelOptions exact() {
        return new Page.GetByLabelOptions().setExact(true);
    }
}
