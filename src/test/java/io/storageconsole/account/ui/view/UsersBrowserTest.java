package io.storageconsole.account.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import org.junit.jupiter.api.Test;

/**
 * The row actions of the Users view in a real browser: Karibu calls the template's functions
 * directly, so only a browser sees a template that does not render (a function named after a
 * JavaScript keyword left the whole column empty).
 */
class UsersBrowserTest extends BrowserTest {

    @Test
    void a_sub_users_row_offers_turning_console_access_off_and_deleting_it() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount subUser = testAccounts.newSubUser(root);
        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.navigate(baseUrl() + "/users");
        awaitVaadin(page);

        page.getByText(subUser.email()).waitFor();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Actions for " + subUser.email()).setExact(true)).click();
        page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(subUser.email())).waitFor();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(UsersView.TURN_OFF).setExact(true))
                .isVisible()).isTrue();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(UsersView.DELETE).setExact(true))
                .isVisible()).isTrue();
    }
}
