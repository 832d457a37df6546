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

    @org.springframework.beans.factory.annotation.Autowired
    private io.storageconsole.account.service.SubUserAdministration administration;

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

    /** Invites a new sub-user of the root's organization; returns the path of the mailed link ("/invitation/…"). */
    protected String newInvitationPath(io.storageconsole.security.SignedInAccount root) throws Exception {
        String email = TestAccounts.uniqueEmail("invited");
        TestAccounts.signIn(root);
        try {
            administration.inviteSubUser(root.organizationId(), email);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/invitation/[A-Za-z0-9_-]{43}")
                .matcher((String) awaitMailTo(email, 1).get(0).getContent());
        org.assertj.core.api.Assertions.assertThat(link.find()).as("an invitation link mailed to " + email).isTrue();
        return link.group();
    }

    /** A new sub-user whose password the root chose, to be changed at the first sign-in (TestAccounts.PASSWORD). */
    protected String newSubUserWhoMustChangePassword(io.storageconsole.security.SignedInAccount root) {
        String email = TestAccounts.uniqueEmail("handed");
        TestAccounts.signIn(root);
        try {
            administration.addSubUserWithPassword(root.organizationId(), email, TestAccounts.PASSWORD, true);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        return email;
    }

    protected static Page.GetByLabelOptions exact() {
        return new Page.GetByLabelOptions().setExact(true);
    }
}
