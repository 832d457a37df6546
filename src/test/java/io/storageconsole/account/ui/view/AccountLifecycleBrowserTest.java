package io.storageconsole.account.ui.view;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.Page;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import org.junit.jupiter.api.Test;

class AccountLifecycleBrowserTest extends BrowserTest {

    @Test
    void a_new_organization_signs_up_changes_its_password_and_signs_in_with_the_new_one() {
        String email = TestAccounts.uniqueEmail("founder");
        String firstPassword = "First-Passw0rd!";
        String secondPassword = "Second-Passw0rd?";

        page.navigate("/signup");
        page.getByLabel("Organization name", exact()).fill("Acme Storage GmbH");
        page.getByLabel("Email", exact()).fill(email);
        page.getByLabel("Password", exact()).fill(firstPassword);
        page.getByLabel("Confirm password", exact()).fill(firstPassword);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create organization")).click();
        page.waitForURL(url -> url.contains("/login?created"));
        assertThat(page.getByText("Your organization is ready")).isVisible();

        signIn(page, email, firstPassword);
        page.waitForURL(url -> !url.contains("/login"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Profile Settings"))).isVisible();

        page.locator("#user-menu").click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Profile Settings").setExact(true)).last().click();
        page.waitForURL(url -> url.endsWith("/profile"));

        // A wrong current password gets the reference product's message and changes nothing.
        page.getByLabel("Current password", exact()).fill("Not-the-passw0rd!");
        page.getByLabel("New password", exact()).fill(secondPassword);
        page.getByLabel("Confirm new password", exact()).fill(secondPassword);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        assertThat(fieldError(page, AccountService.CHANGE_PASSWORD_FAILED)).isVisible();

        page.getByLabel("Current password", exact()).fill(firstPassword);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        assertThat(page.locator("vaadin-notification-card").getByText(ProfileSettingsView.PASSWORD_CHANGED)).isVisible();

        page.locator("#user-menu").click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out").setExact(true)).click();
        page.waitForURL(url -> url.contains("/login"));

        signIn(page, email, firstPassword);
        page.waitForURL(url -> url.contains("/login?error"));
        assertThat(page.locator("vaadin-login-form")).containsText("Incorrect email or password");

        signIn(page, email, secondPassword);
        page.waitForURL(url -> !url.contains("/login"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Profile Settings"))).isVisible();
        assertThat(page.locator("#user-menu")).containsText(email);
    }
}
