package io.storageconsole.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one headless Chromium of a test JVM: Debian's where it is installed (CI installs it), elsewhere
 * Playwright's own. Shared by the browser tests and the cluster suite.
 */
public final class Chromium {

    private static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");
    private static Playwright playwright;
    private static Browser browser;

    private Chromium() {
    }

    public static synchronized Browser shared() {
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

    /** Signs in through the sign-in page's form, as a person would. */
    public static void signIn(Page page, String email, String password) {
        page.navigate("/login");
        page.locator("vaadin-login-form input[name='username']").fill(email);
        page.locator("vaadin-login-form input[name='password']").fill(password);
        page.locator("vaadin-login-form").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Sign in").setExact(true)).click();
    }

    /** Waits until Vaadin has no server round-trip in flight. */
    public static void awaitVaadin(Page page) {
        page.waitForFunction("() => !!(window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients) && "
                + "Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive || !c.isActive())");
    }
}
