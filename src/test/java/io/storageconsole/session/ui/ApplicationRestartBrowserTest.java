package io.storageconsole.session.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.SecondNode;
import io.storageconsole.testing.TestAccounts;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The application restarts under an open browser; the data (MariaDB, MFA key) stays. */
class ApplicationRestartBrowserTest extends BrowserTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void a_browser_signed_in_before_an_application_restart_is_still_signed_in_after_it() throws IOException {
        SignedInAccount root = testAccounts.newOrganization();
        int port = freePort();
        SecondNode application = SecondNode.start(context, port);
        BrowserContext browser = page.context().browser()
                .newContext(new Browser.NewContextOptions().setBaseURL(application.baseUrl()));
        try {
            Page tab = browser.newPage();
            signIn(tab, root.email(), TestAccounts.PASSWORD);
            tab.waitForURL(url -> !url.contains("/login"));
            assertThat(tab.locator("#user-menu")).containsText(root.email());

            application.close();
            application = SecondNode.start(context, port);
            tab.reload();

            assertThat(tab.locator("#user-menu")).containsText(root.email());
            assertThat(tab.url()).doesNotContain("/login");
        } finally {
            browser.close();
            application.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
