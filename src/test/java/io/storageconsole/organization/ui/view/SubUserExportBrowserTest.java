package io.storageconsole.organization.ui.view;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.BrowserTest;
import io.storageconsole.testing.TestAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The export over real HTTP: the download request carries the root's sign-in and streams the file. */
class SubUserExportBrowserTest extends BrowserTest {

    @Test
    void the_root_downloads_the_filtered_users_as_csv_from_organization_wide_policies() throws IOException {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount first = testAccounts.newSubUser(root);
        SignedInAccount second = testAccounts.newSubUser(root);

        signIn(page, root.email(), TestAccounts.PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        page.navigate("/organization-policies");
        assertThat(page.locator("vaadin-grid")).containsText(first.email());
        page.getByLabel("Email contains", new Page.GetByLabelOptions().setExact(true)).fill(second.email());
        // The grid keeps the cells of rows it no longer shows; its size says what the filter left.
        page.waitForFunction("() => document.querySelector('vaadin-grid').size === 1");
        awaitVaadin(page);

        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName(OrganizationPoliciesView.EXPORT_CSV)).click());

        assertThat(download.suggestedFilename()).isEqualTo("users.csv");
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv.split("\r\n")[1]).startsWith(second.email() + ",Yes,Off,");
    }
}
