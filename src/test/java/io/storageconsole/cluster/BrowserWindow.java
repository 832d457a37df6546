package io.storageconsole.cluster;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import io.storageconsole.testing.Chromium;
import java.time.Duration;
import java.util.List;

/** A browser window of its own (own cookies) on one application node, for what only a browser can do in Vaadin. */
final class BrowserWindow implements AutoCloseable {

    private final BrowserContext context;
    final Page page;

    private BrowserWindow(BrowserContext context) {
        this.context = context;
        this.page = context.newPage();
    }

    static synchronized BrowserWindow open(String baseUrl) {
        BrowserContext context = Chromium.shared().newContext(new Browser.NewContextOptions().setBaseURL(baseUrl));
        context.setDefaultTimeout(30_000);
        return new BrowserWindow(context);
    }

    /** Signs in through the form and waits until the sign-in page is left (for the console or the MFA step). */
    void signIn(String email, String password) {
        Chromium.signIn(page, email, password);
        page.waitForURL(url -> !url.contains("/login"));
        Chromium.awaitVaadin(page);
    }

    /** Types into a field and leaves it, so that Vaadin has the value on the server before any click. */
    void enter(Locator field, String value) {
        field.fill(value);
        field.blur();
        Chromium.awaitVaadin(page);
    }

    /**
     * Clicks the button at a moment given in epoch milliseconds, by a timer in the page: windows of
     * one browser share its clock, so their clicks leave at the same millisecond.
     */
    void clickAt(Locator button, long epochMillis) {
        page.evaluate("([button, at]) => setTimeout(() => button.click(), Math.max(0, at - Date.now()))",
                List.of(button.elementHandle(), (double) epochMillis));
    }

    /**
     * Waits until the script returns a text (the outcome on the page) and returns it; "no answer"
     * if nothing showed within the time, as when the server failed without a word to the user.
     */
    String awaitOutcome(String script, Duration timeout) {
        try {
            return (String) page.waitForFunction(script, null,
                    new Page.WaitForFunctionOptions().setTimeout(timeout.toMillis()).setPollingInterval(50)).jsonValue();
        } catch (PlaywrightException noOutcome) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
    }

    /** Saves what the window shows, for a case that could not go on. */
    void screenshot(java.nio.file.Path file) {
        try {
            page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        } catch (PlaywrightException e) {
            System.err.println("No screenshot " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
