package io.storageconsole.support.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouterLink;
import io.storageconsole.security.ui.view.AccessDeniedView;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.ui.view.LoginView;
import io.storageconsole.support.service.ActionReason;
import io.storageconsole.support.service.HelpRequests;
import io.storageconsole.support.service.SupportActions;
import io.storageconsole.support.service.SupportReason;
import io.storageconsole.support.ui.component.KeysetGrid;
import io.storageconsole.support.ui.view.SupportAccountView;
import io.storageconsole.support.ui.view.SupportView;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The support page: the queue, the search over all organizations, four-eyes approvals, and who may open it. */
class SupportViewTest extends KaribuTest {

    @Autowired private SupportCases support;
    @Autowired private HelpRequests helpRequests;
    @Autowired private SupportActions actions;
    @Autowired private JdbcClient jdbc;

    @Test
    void the_queue_shows_open_requests_newest_first_with_their_age_and_links_to_the_account_page() {
        // A day ahead of every other test's request, so that these two lead the shared queue.
        clock.advance(java.time.Duration.ofDays(1));
        SignedInAccount older = customerAskingForHelp("Older request");
        clock.advance(java.time.Duration.ofMinutes(12));
        SignedInAccount newer = customerAskingForHelp("Newer request");
        signIn(support.newSupportMember());
        UI.getCurrent().navigate(SupportView.class);

        Grid<?> queue = grid(SupportView.QUEUE);
        assertThat(cellText(queue, 0, "request")).contains("Newer request").contains("Waiting just now");
        assertThat(linkText(queue, 0)).isEqualTo(newer.email());
        assertThat(cellText(queue, 1, "request")).contains("Older request").contains("Waiting 12 minutes");
        assertThat(linkText(queue, 1)).isEqualTo(older.email());

        UI.getCurrent().navigate(link(queue, 0).getHref());
        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively()).contains("Newer request");
    }

    @Test
    void the_account_page_names_each_security_event_as_the_audit_log_does() {
        SignedInAccount customer = customerAskingForHelp("Events named");
        signIn(support.newSupportMember());
        UI.getCurrent().navigate(SupportView.class);
        Grid<?> queue = grid(SupportView.QUEUE);
        String accountPage = link(queue, rowOf(queue, customer.email())).getHref();
        UI.getCurrent().navigate(accountPage);
        UI.getCurrent().navigate(SupportView.class);
        UI.getCurrent().navigate(accountPage);

        Grid<?> events = grid("Latest security events");
        List<String> names = new ArrayList<>();
        for (int row = 0; row < GridKt._size(events); row++) {
            names.add(cellText(events, row, "event"));
        }
        assertThat(names).anyMatch(name -> name.startsWith("Support viewed the account"))
                .anyMatch(name -> name.startsWith("Support request opened"))
                .noneMatch(name -> name.startsWith("Support account viewed"))
                // The label alone: details that only said it again are gone.
                .noneMatch(name -> name.contains("opened the account page"));
    }

    @Test
    void search_finds_accounts_by_email_prefix_across_organizations_and_by_organization_name() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        String organization = testAccounts.organizationNameOf(root.email());
        signIn(support.newSupportMember());
        UI.getCurrent().navigate(SupportView.class);

        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportView.EMAIL_PREFIX)), user.email().substring(0, 13).toUpperCase());
        _click(_get(Button.class, spec -> spec.withText(SupportView.SEARCH_BUTTON)));
        Grid<?> accounts = grid("Accounts found");
        assertThat(GridKt._size(accounts)).isEqualTo(1);
        assertThat(cellText(accounts, 0, "account")).contains(user.email()).contains("Sub-user of " + organization);

        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportView.EMAIL_PREFIX)), "");
        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportView.ORGANIZATION_PREFIX)), organization);
        _click(_get(Button.class, spec -> spec.withText(SupportView.SEARCH_BUTTON)));
        Grid<?> organizations = grid("Organizations found");
        assertThat(cellText(organizations, 0, "organization")).contains(organization).contains(root.email());
        _click((Button) GridKt._getCellComponent(organizations, 0, "accounts"));

        assertThat(GridKt._size(grid("Accounts found"))).isEqualTo(2);
        assertThat(_get(SupportView.class).getElement().getTextRecursively()).contains("Accounts of " + organization);
    }

    @Test
    void search_results_page_forward_and_back_by_keyset() {
        String domain = "pg" + UUID.randomUUID().toString().substring(0, 6) + ".example.com";
        long organizationId = testAccounts.newOrganization().organizationId();
        for (int i = 0; i < 60; i++) {
            jdbc.sql("INSERT INTO account (organization_id, email, role, created_at) VALUES (?, ?, 'SUB_USER', ?)")
                    .params(organizationId, "a%02d@%s".formatted(i, domain), Timestamp.from(clock.instant())).update();
        }
        signIn(support.newSupportMember());
        UI.getCurrent().navigate(SupportView.class);
        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportView.EMAIL_PREFIX)), "a");
        // Other tests' accounts start with "a" too: find this organization first, then its accounts.
        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportView.ORGANIZATION_PREFIX)),
                testAccounts.organizationNameOf(jdbc.sql("SELECT email FROM account WHERE organization_id = ? AND role = 'ROOT'")
                        .param(organizationId).query(String.class).single()));
        _click(_get(Button.class, spec -> spec.withText(SupportView.SEARCH_BUTTON)));
        _click((Button) GridKt._getCellComponent(grid("Organizations found"), 0, "accounts"));
        KeysetGrid<?, ?> results = resultsOf("Accounts found");

        List<String> seen = new ArrayList<>(emails(results));
        _click(_get(results, Button.class, spec -> spec.withText(KeysetGrid.NEXT)));
        seen.addAll(emails(results));
        _click(_get(results, Button.class, spec -> spec.withText(KeysetGrid.NEXT)));
        seen.addAll(emails(results));
        assertThat(_get(results, Button.class, spec -> spec.withText(KeysetGrid.NEXT)).isEnabled()).isFalse();
        _click(_get(results, Button.class, spec -> spec.withText(KeysetGrid.PREVIOUS)));

        assertThat(seen).hasSize(60).doesNotHaveDuplicates().isSorted();
        assertThat(emails(results)).isEqualTo(seen.subList(25, 50));
    }

    @Test
    void a_reset_waiting_for_approval_shows_approve_to_another_member_and_only_withdraw_to_the_one_who_asked() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        SignedInAccount asker = support.newSupportMember();
        support.verify(asker, root);
        actions.resetMfa(root.accountId(), new ActionReason(SupportReason.LOST_DEVICE, null, "SUP-90"));

        signIn(asker);
        UI.getCurrent().navigate(SupportView.class);
        int row = rowOf(grid(SupportView.APPROVALS), root.email());
        Component mine = GridKt._getCellComponent(grid(SupportView.APPROVALS), row, "decision");
        assertThat(_find(mine, Button.class, spec -> spec.withText(SupportView.APPROVE))).isEmpty();
        assertThat(_find(mine, Button.class, spec -> spec.withText(SupportView.WITHDRAW))).hasSize(1);

        signIn(support.newSupportMember());
        UI.getCurrent().navigate(SupportView.class);
        row = rowOf(grid(SupportView.APPROVALS), root.email());
        _click(_get(GridKt._getCellComponent(grid(SupportView.APPROVALS), row, "decision"), Button.class,
                spec -> spec.withText(SupportView.APPROVE)));
        Dialog dialog = _get(Dialog.class);
        assertThat(dialog.getElement().getTextRecursively()).contains("every session of the account ends at once");
        assertThat(_get(dialog, Button.class, spec -> spec.withText("Cancel")).isAutofocus()).isTrue();
        _click(_get(dialog, Button.class, spec -> spec.withText("Approve and reset MFA")));

        assertThat(jdbc.sql("SELECT mfa_state FROM account WHERE id = ?").param(root.accountId()).query(String.class).single())
                .isEqualTo("PENDING");
    }

    @Test
    void roots_and_sub_users_are_refused_both_support_pages_and_half_signed_in_or_anonymous_callers_are_sent_back() {
        SignedInAccount root = testAccounts.newOrganization();
        SignedInAccount user = testAccounts.newSubUser(root);
        for (SignedInAccount refused : List.of(root, user)) {
            signIn(refused);
            for (String path : List.of("support", "support/account/" + user.accountId())) {
                UI.getCurrent().navigate(path);
                assertThat(_get(AccessDeniedView.class).getElement().getTextRecursively()).as(path).contains(AccessDeniedView.MESSAGE);
            }
        }
        testAccounts.enrolMfa(user, clock.instant());
        signIn(testAccounts.atStage(support.newSupportMember(), SignInStage.MFA_CHALLENGE));
        UI.getCurrent().navigate("support/account/" + user.accountId());
        _get(SecondFactorView.class);

        SupportCases.signOut();
        UI.getCurrent().getPage().reload();
        UI.getCurrent().navigate("support");
        _get(LoginView.class);
    }

    @Test
    void a_support_member_without_mfa_is_told_to_set_it_up_instead_of_seeing_the_queue() {
        signIn(testAccounts.newSupport());
        UI.getCurrent().navigate(SupportView.class);

        assertThat(_get(SupportView.class).getElement().getTextRecursively())
                .contains("Support work needs multi-factor authentication on your own account");
        assertThat(_find(Grid.class)).isEmpty();
    }

    private SignedInAccount customerAskingForHelp(String description) {
        SignedInAccount user = testAccounts.newSubUser(testAccounts.newOrganization());
        testAccounts.enrolMfa(user, clock.instant());
        TestAccounts.signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));
        helpRequests.send(description, "phone");
        SupportCases.signOut();
        return user;
    }

    private static Grid<?> grid(String label) {
        return _find(Grid.class).stream().filter(grid -> label.equals(grid.getElement().getAttribute("aria-label")))
                .findFirst().orElseThrow(() -> new AssertionError("No grid " + label));
    }

    private static KeysetGrid<?, ?> resultsOf(String label) {
        return _find(KeysetGrid.class).stream().filter(list -> list.grid() == grid(label)).findFirst().orElseThrow();
    }

    private static RouterLink link(Grid<?> grid, int row) {
        return _get(GridKt._getCellComponent(grid, row, "account"), RouterLink.class);
    }

    private static String linkText(Grid<?> grid, int row) {
        return link(grid, row).getText();
    }

    private static String cellText(Grid<?> grid, int row, String column) {
        return GridKt._getCellComponent(grid, row, column).getElement().getTextRecursively();
    }

    private static int rowOf(Grid<?> grid, String email) {
        for (int row = 0; row < GridKt._size(grid); row++) {
            if (linkText(grid, row).equals(email)) {
                return row;
            }
        }
        throw new AssertionError(email + " is not in the grid");
    }

    private static List<String> emails(KeysetGrid<?, ?> results) {
        List<String> emails = new ArrayList<>();
        for (int row = 0; row < GridKt._size(results.grid()); row++) {
            emails.add(linkText(results.grid(), row));
        }
        return emails;
    }
}
