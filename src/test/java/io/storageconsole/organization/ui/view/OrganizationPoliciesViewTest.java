package io.storageconsole.organization.ui.view;

import io.storageconsole.base.text.Times;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.DownloadKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.AccountRegistration;
import io.storageconsole.security.ui.view.AccessDeniedView;
import io.storageconsole.account.ui.component.SubUserGrid;
import io.storageconsole.base.ui.component.ChoiceSelect;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;

class OrganizationPoliciesViewTest extends KaribuTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private AccountRegistration accounts;

    @Autowired
    private JdbcClient jdbc;

    private SignedInAccount root;
    private String run;
    private String alice;
    private String bob;
    private String carol;
    private String dave;

    @BeforeEach
    void organizationWithFourSubUsers() {
        root = testAccounts.newOrganization();
        run = UUID.randomUUID().toString().substring(0, 8);
        // Created in this order, each a day apart; bob never signed in, dave signed in last.
        alice = subUser("alice", MfaState.ACTIVE, 4, Duration.ofHours(5));
        bob = subUser("bob", MfaState.PENDING, 3, null);
        carol = subUser("carol", MfaState.OFF, 2, Duration.ofHours(9));
        dave = subUser("dave", MfaState.OFF, 1, Duration.ofHours(1));
        signIn(root);
        UI.getCurrent().navigate(OrganizationPoliciesView.class);
    }

    @Test
    void the_summary_counts_console_users_by_mfa_state_and_api_key_users_apart() {
        // alice (active) and carol (off) sign in to the console; bob and dave have API keys only.
        jdbc.sql("UPDATE account SET password_hash = 'not-a-hash', console_access = TRUE WHERE email IN (?, ?)")
                .params(alice, carol).update();
        UI.getCurrent().getPage().reload();
        UI.getCurrent().navigate(OrganizationPoliciesView.class);

        assertThat(summaryText("mfa-active")).isEqualTo("1");
        assertThat(summaryText("mfa-pending")).isEqualTo("0");
        assertThat(summaryText("mfa-off")).isEqualTo("1");
        assertThat(summaryText("api-keys-only")).isEqualTo("2");
        assertThat(summaryText(null)).isEqualTo("1 with MFA active 0 pending enrolment 1 with MFA off "
                + "2 with API keys only (no console sign-in)");
    }

    @Test
    void the_grid_lists_the_sub_users_by_email_with_mfa_state_last_sign_in_and_creation() {
        assertThat(emails()).containsExactly(alice, bob, carol, dave);
        List<String> bobRow = GridKt._getFormattedRow(grid(), 1);
        assertThat(bobRow).startsWith(bob, "API keys only", "Pending enrolment", "Never", "0",
                Times.minute(NOW.minus(Duration.ofDays(3))));
    }

    @Test
    void each_column_sorts_both_ways() {
        GridKt._sortByKey(grid(), "email", SortDirection.DESCENDING);
        assertThat(emails()).containsExactly(dave, carol, bob, alice);

        // By the stored state names: ACTIVE, OFF, PENDING.
        GridKt._sortByKey(grid(), "mfa", SortDirection.ASCENDING);
        assertThat(emails()).containsExactly(alice, carol, dave, bob);

        // Never signed in comes first going up, last going down.
        GridKt._sortByKey(grid(), "lastSignIn", SortDirection.DESCENDING);
        assertThat(emails()).containsExactly(dave, alice, carol, bob);

        GridKt._sortByKey(grid(), "created", SortDirection.ASCENDING);
        assertThat(emails()).containsExactly(alice, bob, carol, dave);
        GridKt._sortByKey(grid(), "created", SortDirection.DESCENDING);
        assertThat(emails()).containsExactly(dave, carol, bob, alice);
    }

    @Test
    void the_text_filter_and_the_mfa_state_filter_combine() {
        _setValue(mfaStateFilter(), MfaState.OFF);
        assertThat(emails()).containsExactly(carol, dave);

        _setValue(_get(TextField.class, spec -> spec.withLabel("Email contains")), "CAROL-");
        assertThat(emails()).containsExactly(carol);
        assertThat(GridKt._size(grid())).isEqualTo(1);

        _setValue(mfaStateFilter(), null);
        _setValue(_get(TextField.class, spec -> spec.withLabel("Email contains")), "");
        assertThat(emails()).containsExactly(alice, bob, carol, dave);
    }

    @Test
    void export_csv_downloads_the_filtered_rows_in_the_order_on_screen_and_is_audited() {
        _setValue(mfaStateFilter(), MfaState.OFF);
        GridKt._sortByKey(grid(), "lastSignIn", SortDirection.DESCENDING);

        String csv = new String(DownloadKt._download(exportLink()), StandardCharsets.UTF_8);

        assertThat(csv.split("\r\n")).containsExactly(
                "Email,Console access,MFA,Last sign-in (UTC),Created (UTC)",
                dave + ",No,Off," + csvTime(NOW.minus(Duration.ofHours(1))) + "," + csvTime(NOW.minus(Duration.ofDays(1))),
                carol + ",No,Off," + csvTime(NOW.minus(Duration.ofHours(9))) + "," + csvTime(NOW.minus(Duration.ofDays(2))));
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE event_type = 'SUB_USERS_EXPORTED' AND actor_account_id = ?")
                .param(root.accountId()).query(String.class).list())
                .singleElement().asString().contains("MFA state OFF", "LAST_SIGN_IN descending");
    }

    @Test
    void an_exported_address_that_a_spreadsheet_would_run_as_a_formula_is_defused() {
        String formula = "=1+1-" + run + "@test.example.com";
        SecurityContextHolder.clearContext();
        accounts.provisionSubUser(root.organizationId(), formula, null, NOW, null);
        signIn(root);
        UI.getCurrent().navigate(OrganizationPoliciesView.class);
        _setValue(_get(TextField.class, spec -> spec.withLabel("Email contains")), "=");

        String csv = new String(DownloadKt._download(exportLink()), StandardCharsets.UTF_8);

        assertThat(csv.split("\r\n")[1]).startsWith("'" + formula + ",");
    }

    @Test
    void a_sub_user_is_refused_the_page() {
        signIn(testAccounts.newSubUser(root));

        UI.getCurrent().navigate("organization-policies");

        assertThat(_get(AccessDeniedView.class).getElement().getTextRecursively()).contains(AccessDeniedView.MESSAGE);
        _assertNone(OrganizationPoliciesView.class);
    }

    @Test
    void support_is_refused_the_page() {
        signIn(testAccounts.newSupport());

        UI.getCurrent().navigate("organization-policies");

        assertThat(_get(AccessDeniedView.class).getElement().getTextRecursively()).contains(AccessDeniedView.MESSAGE);
        _assertNone(OrganizationPoliciesView.class);
    }

    private String subUser(String name, MfaState state, int daysAgo, Duration signedInAgo) {
        String email = name + "-" + run + "@test.example.com";
        SecurityContextHolder.clearContext();
        long id = accounts.provisionSubUser(root.organizationId(), email, null, NOW.minus(Duration.ofDays(daysAgo)),
                signedInAgo == null ? null : NOW.minus(signedInAgo)).id();
        if (state != MfaState.OFF) {
            // Enrolment (the MFA feature) is what makes MFA active; the fixture sets the outcome.
            jdbc.sql("UPDATE account SET mfa_state = ? WHERE id = ?").params(state.name(), id).update();
        }
        return email;
    }

    @SuppressWarnings("unchecked")
    private static SubUserGrid<OrganizationPoliciesView.UserRow> grid() {
        return _get(SubUserGrid.class);
    }

    @SuppressWarnings("unchecked")
    /** The text of the MFA summary (its element with this id, or all of it for null), as a screen reader reads it. */
    static String summaryText(String id) {
        Html summary = _get(Html.class, spec -> spec.withId("mfa-summary"));
        org.jsoup.nodes.Element body = Jsoup.parseBodyFragment(summary.getInnerHtml()).body();
        org.jsoup.nodes.Element element = id == null ? body : body.getElementById(id);
        return element == null ? null : element.text();
    }

    @SuppressWarnings("unchecked")
    private static ChoiceSelect<MfaState> mfaStateFilter() {
        return _get(ChoiceSelect.class, spec -> spec.withLabel("MFA state"));
    }

    private static Anchor exportLink() {
        return _get(Anchor.class, spec -> spec.withText(OrganizationPoliciesView.EXPORT_CSV));
    }

    private static List<String> emails() {
        return GridKt._findAll(grid()).stream().map(row -> row.user().email()).toList();
    }

    private static String csvTime(Instant instant) {
        return instant.toString().replace('T', ' ').replace("Z", "");
    }
}
