package io.storageconsole.security.ui.view;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.mfa.ui.component.MfaSection;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The console under its own headers in a real browser: the sign-in form posts its CSRF token, and
 * the pages (Vaadin's bootstrap, Lumo, the enrolment QR code as a data: image) run without a single
 * Content-Security-Policy violation.
 */
class ContentSecurityPolicyBrowserTest extends BrowserTest {

    @Test
    void signing_in_and_starting_mfa_set_up_run_without_a_content_security_policy_violation() {
        List<String> violations = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy") || message.text().contains("Refused to")) {
                violations.add(message.text());
            }
        });
        SignedInAccount owner = testAccounts.newSubUser(testAccounts.newOrganization());

        signIn(page, owner.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        page.locator("vaadin-checkbox.console-switch").click();
        page.getByLabel("Password", exact()).fill(TestAccounts.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(MfaSection.CONTINUE).setExact(true)).click();

        assertThat(page.locator("#mfa-qr-code")).isVisible();
        Object qrWidth = page.locator("#mfa-qr-code").evaluate("image => image.naturalWidth");
        awaitVaadin(page);
        assertThat(((Number) qrWidth).intValue()).as("the QR code, a data: image, is drawn").isPositive();
        assertThat(violations).isEmpty();
    }
}
