package io.storageconsole.session.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.ui.component.ActiveSessionsSection;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ActiveSessionsBrowserTest extends BrowserTest {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void the_list_marks_this_browser_and_signing_out_another_browser_sends_that_one_to_the_sign_in_page() {
        SignedInAccount root = testAccounts.newOrganization();
        Page other = newBrowserWindow();
        signIn(other, root.email(), TestAccounts.PASSWORD);
        other.waitForURL(url -> !url.contains("/login"));
        assertThat(other.locator("#user-menu")).containsText(root.email());

        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        page.navigate("/profile");
        Locator sessions = page.locator("#active-sessions");
        assertThat(sessions.getByText(ActiveSessionsSection.THIS_BROWSER, new Locator.GetByTextOptions().setExact(true)))
                .isVisible();
        Locator signOutButtons = sessions.getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName(Pattern.compile("^" + ActiveSessionsSection.SIGN_OUT + " Chrome on ")));
        assertThat(signOutButtons).hasCount(1);

        signOutButtons.click();

        assertThat(page.locator("vaadin-notification-card").getByText("was signed out")).isVisible();
        assertThat(signOutButtons).hasCount(0);
        other.reload();
        other.waitForURL(url -> url.contains("/login"));
        assertThat(other.locator("vaadin-login-form")).isVisible();
        assertThat(other.locator("#user-menu")).hasCount(0);
        page.reload();
        assertThat(page.locator("#user-menu")).containsText(root.email());
        other.context().close();

        // Sign out in the user menu ends this browser's console session too, and removes its cookie.
        page.locator("#user-menu").click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out").setExact(true)).click();
        page.waitForURL(url -> url.contains("/login"));
        org.assertj.core.api.Assertions.assertThat(jdbc.sql(
                        "SELECT end_reason FROM console_session WHERE account_id = ? ORDER BY id").param(root.accountId())
                .query(String.class).list()).containsExactly("ENDED_BY_USER", "SIGNED_OUT");
        org.assertj.core.api.Assertions.assertThat(page.context().cookies())
                .noneMatch(cookie -> cookie.name.equals("CONSOLE_SESSION"));
    }

    @Test
    void sign_out_all_other_sessions_leaves_only_this_browser_signed_in() {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        Page second = newBrowserWindow();
        Page third = newBrowserWindow();
        for (Page browser : new Page[] {second, third, page}) {
            signIn(browser, user.email(), TestAccounts.PASSWORD);
            browser.waitForURL(url -> !url.contains("/login"));
        }
        page.navigate("/profile");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(ActiveSessionsSection.SIGN_OUT_OTHERS))
                .click();

        assertThat(page.locator("vaadin-notification-card").getByText("2 other sessions were signed out")).isVisible();
        for (Page browser : new Page[] {second, third}) {
            browser.reload();
            browser.waitForURL(url -> url.contains("/login"));
            browser.context().close();
        }
        page.reload();
        assertThat(page.locator("#user-menu")).containsText(user.email());
    }

    @Test
    void after_a_session_expired_signing_in_with_mfa_offers_lost_your_authenticator_and_the_way_to_support() {
        SignedInAccount root = testAccounts.newOrganization();
        String secret = testAccounts.enrolMfa(root, clock.instant()).secret();
        clock.advance(java.time.Duration.ofSeconds(30));
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByLabel(SecondFactorView.CODE_LABEL, exact()).fill(TotpCodes.codeAt(secret, clock.instant()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify").setExact(true)).click();
        assertThat(page.locator("#user-menu")).containsText(root.email());

        clock.advance(java.time.Duration.ofDays(30).plusMinutes(1));
        page.reload();
        page.waitForURL(url -> url.contains("/login"));
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByText(SecondFactorView.LOST_AUTHENTICATOR).click();

        assertThat(page.getByLabel(SecondFactorView.RECOVERY_LABEL, exact())).isVisible();
        assertThat(page.getByText("Contact our support team")).isVisible();
    }
}
