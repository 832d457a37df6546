package io.storageconsole.support.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.support.service.SupportReason;
import io.storageconsole.support.ui.component.HelpRequestForm;
import io.storageconsole.support.ui.component.SupportActionDialog;
import io.storageconsole.support.ui.view.SupportAccountView;
import io.storageconsole.support.ui.view.SupportView;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole support journey in real browsers: a user with MFA loses the authenticator, asks for help
 * after the password, support finds the request, verifies the identity with a mailed code and
 * resets MFA; the user's other browser is signed out, the user enrols again, the owner was mailed
 * and the audit log holds the chain.
 */
class SupportJourneyBrowserTest extends BrowserTest {

    private static final String TICKET = "SUP-4242";

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_locked_out_user_asks_for_help_and_support_verifies_and_resets_mfa() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        String lostSecret = testAccounts.enrolMfa(user, clock.instant()).secret();
        SignedInAccount member = testAccounts.newSupport();
        String memberSecret = testAccounts.enrolMfa(member, clock.instant()).secret();

        // The user is still signed in on another computer, with the authenticator that is now lost.
        Page otherComputer = newBrowserWindow();
        signInWithCode(otherComputer, user, lostSecret);

        // Password given, no code: "Lost your authenticator?" leads to the request for help.
        signIn(page, user.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        page.getByText(SecondFactorView.LOST_AUTHENTICATOR).click();
        button(page, HelpRequestForm.ASK).click();
        assertThat(page.getByText("support emails a one-time verification code to " + user.email())).isVisible();
        page.getByLabel(HelpRequestForm.DESCRIPTION).fill("My phone was replaced and the authenticator app is gone.");
        page.getByLabel(HelpRequestForm.CONTACT).fill("+41 44 555 66 77");
        button(page, HelpRequestForm.SEND).click();
        assertThat(page.getByText(HelpRequestForm.SENT)).isVisible();
        assertThat(page.getByText("What happens next")).isVisible();

        // Support finds the request in the queue and opens the account.
        Page desk = newBrowserWindow();
        signInWithCode(desk, member, memberSecret);
        desk.navigate("/support");
        Locator queue = desk.locator("vaadin-grid[aria-label='" + SupportView.QUEUE + "']");
        queue.getByText(user.email()).click();
        desk.waitForURL(url -> url.contains("/support/account/" + user.accountId()));
        assertThat(desk.getByText("My phone was replaced and the authenticator app is gone.")).isVisible();
        assertThat(button(desk, SupportAccountView.RESET_MFA)).isDisabled();

        // The code goes to the account's address; the customer reads it out; support types it in.
        button(desk, SupportAccountView.SEND_CODE).click();
        String code = SupportCases.awaitCode(user.email(), 1);
        desk.getByLabel(SupportAccountView.CODE).fill(code);
        button(desk, SupportAccountView.VERIFY).click();
        assertThat(desk.locator("#support-identity-verified")).hasText(SupportAccountView.IDENTITY_VERIFIED);
        assertThat(desk.locator("#support-identity-verified").locator("xpath=..")).containsText("by " + member.email());

        // Reset MFA with a reason and the ticket reference; the dialog opens on Cancel.
        button(desk, SupportAccountView.RESET_MFA).click();
        Locator dialog = desk.locator("vaadin-dialog-overlay");
        assertThat(dialog.getByText("every session of the account ends at once")).isVisible();
        desk.waitForFunction("() => document.activeElement && document.activeElement.textContent.trim() === 'Cancel'");
        dialog.getByLabel(SupportActionDialog.REASON).click();
        desk.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(SupportReason.LOST_DEVICE.label())).click();
        dialog.getByLabel(SupportActionDialog.TICKET).fill(TICKET);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(SupportAccountView.RESET_MFA).setExact(true)).click();
        assertThat(desk.locator("vaadin-notification-card").getByText("MFA was reset")).isVisible();
        assertThat(desk.getByText("Pending enrolment: set-up at the next sign-in")).isVisible();

        // The other computer is out at its next request.
        otherComputer.reload();
        otherComputer.waitForURL(url -> url.contains("/login"));
        assertThat(otherComputer.locator("vaadin-login-form")).isVisible();

        // The user signs in with the password and must set up MFA again.
        page.navigate("/login");
        signIn(page, user.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> url.contains("/mfa"));
        assertThat(page.getByText("Link an authenticator app to continue")).isVisible();
        assertThat(button(page, SecondFactorView.START_SET_UP)).isVisible();

        // The owner was told at every step, the root user too; the audit log holds the chain.
        SupportCases.awaitSubject(user.email(), "A support request was opened for your account");
        SupportCases.awaitSubject(user.email(), "Multi-factor authentication was reset");
        SupportCases.awaitSubject(root.email(), "Support acted on a user of your organization");
        List<String> chain = jdbc.sql("SELECT event_type FROM audit_event WHERE target_account_id = ? AND event_type IN "
                        + "('SUPPORT_REQUEST_OPENED', 'SUPPORT_ACCOUNT_VIEWED', 'SUPPORT_VERIFICATION_CODE_SENT', "
                        + "'SUPPORT_IDENTITY_VERIFIED', 'MFA_RESET', 'SESSION_REVOKED') ORDER BY id")
                .param(user.accountId()).query(String.class).list();
        assertThat(chain).containsExactly("SUPPORT_REQUEST_OPENED", "SUPPORT_ACCOUNT_VIEWED", "SUPPORT_VERIFICATION_CODE_SENT",
                "SUPPORT_IDENTITY_VERIFIED", "MFA_RESET", "SESSION_REVOKED");
        assertThat(jdbc.sql("SELECT CONCAT_WS('|', actor_email, ip, user_agent IS NOT NULL, details) FROM audit_event "
                        + "WHERE target_account_id = ? AND event_type = 'MFA_RESET'").param(user.accountId())
                .query(String.class).single())
                .startsWith(member.email() + "|").contains("|1|").contains("Ticket: " + TICKET);
        assertThat(desk.content()).doesNotContain(lostSecret).doesNotContain(code).doesNotContain(code.replace(" ", ""));
        otherComputer.context().close();
        desk.context().close();
    }

    private void signInWithCode(Page browser, SignedInAccount account, String secret) {
        clock.advance(Duration.ofSeconds(30));
        signIn(browser, account.email(), TestAccounts.PASSWORD);
        browser.waitForURL(url -> url.contains("/mfa"));
        browser.getByLabel(SecondFactorView.CODE_LABEL, exact()).fill(TotpCodes.codeAt(secret, clock.instant()));
        button(browser, "Verify").click();
        browser.waitForURL(url -> !url.contains("/mfa") && !url.contains("/login"));
        assertThat(browser.locator("#user-menu")).containsText(account.email());
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
