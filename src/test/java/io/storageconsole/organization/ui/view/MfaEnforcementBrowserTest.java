package io.storageconsole.organization.ui.view;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.account.ui.component.ConfirmAccessDialog;
import io.storageconsole.base.ui.component.ActionSheet;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.organization.ui.component.MfaEnforcementSection;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MfaEnforcementBrowserTest extends BrowserTest {

    @Test
    void enforced_mfa_makes_a_sub_user_enrol_and_a_reset_by_the_root_makes_them_enrol_again() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        Page rootPage = page;
        Page userPage = newBrowserWindow();

        // The root enforces MFA (the root, too, must then enrol: it does so first).
        signIn(rootPage, root.email(), TestAccounts.PASSWORD);
        rootPage.waitForURL(url -> !url.contains("/login"));
        rootPage.navigate("/organization-policies");
        rootPage.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName(OrganizationPoliciesView.ENFORCEMENT_TAB)).click();
        rootPage.getByText(MfaEnforcementSection.ENFORCE).click();
        rootPage.getByLabel("Password", exact()).fill(TestAccounts.PASSWORD);
        button(rootPage, "Enforce MFA").click();
        assertThat(rootPage.locator("#mfa-enforcement")).containsText("must set it up at the next sign-in");

        // The sub-user without MFA must enrol before anything else.
        signIn(userPage, user.email(), TestAccounts.PASSWORD);
        userPage.waitForURL(url -> url.contains("/mfa"));
        assertThat(userPage.getByText("Link an authenticator app to continue")).isVisible();
        userPage.navigate("/profile");
        userPage.waitForURL(url -> url.contains("/mfa"));
        button(userPage, SecondFactorView.START_SET_UP).click();
        String secret = userPage.locator("#mfa-secret").innerText().replace(" ", "");
        userPage.getByLabel("6-digit code", exact()).fill(TotpCodes.codeAt(secret, clock.instant()));
        button(userPage, "Activate").click();
        button(userPage, "I have saved my recovery codes").click();
        userPage.waitForURL(url -> !url.contains("/mfa") && !url.contains("/login"));
        assertThat(userPage.locator("#mfa-state")).hasText("Active");

        // The root resets that sub-user's MFA from the grid.
        rootPage.reload();
        Locator row = rootPage.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText(user.email()));
        assertThat(row).hasCount(1);
        awaitVaadin(rootPage);
        button(rootPage, ActionSheet.OPEN + " for " + user.email()).click();
        button(rootPage, OrganizationPoliciesView.RESET_MFA).click();
        // An action on someone else's account asks for the root's password first (sudo mode).
        rootPage.getByLabel("Password", exact()).fill(TestAccounts.PASSWORD);
        button(rootPage, ConfirmAccessDialog.CONFIRM).click();
        // The confirmation is found by its own name: the action sheet, still fading out, is a dialog too
        // and holds a button of the same name (CI once caught both in the moment its fade was not yet hidden).
        rootPage.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Reset MFA for " + user.email() + "?")
                        .setExact(true))
                .getByRole(AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName(OrganizationPoliciesView.RESET_MFA).setExact(true))
                .click();
        assertThat(rootPage.locator("vaadin-notification-card")).containsText("done");

        // The reset signed the sub-user out everywhere: the next page is the sign-in page.
        userPage.navigate("/profile");
        userPage.waitForURL(url -> url.contains("/login"));
        clock.advance(Duration.ofSeconds(30));
        signIn(userPage, user.email(), TestAccounts.PASSWORD);
        userPage.waitForURL(url -> url.contains("/mfa"));
        assertThat(userPage.getByText("Link an authenticator app to continue")).isVisible();
        button(userPage, SecondFactorView.START_SET_UP).click();
        assertThat(userPage.locator("#mfa-secret")).not().hasText(secret.replaceAll("(.{4})(?!$)", "$1 "));
    }

    private static Locator button(Page page, String text) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(text).setExact(true));
    }
}
