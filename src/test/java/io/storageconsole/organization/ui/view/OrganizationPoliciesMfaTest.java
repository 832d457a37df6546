package io.storageconsole.organization.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import com.vaadin.flow.component.tabs.TabSheet;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import io.storageconsole.base.ui.component.DestructiveConfirmation;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.account.ui.component.ConfirmAccessDialog;
import io.storageconsole.mfa.service.MfaAdministration;
import io.storageconsole.organization.service.MfaEnforcementSettings;
import io.storageconsole.organization.ui.component.MfaEnforcementSection;
import io.storageconsole.account.ui.component.SubUserGrid;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.session.SessionRows;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The MFA actions of Organization-wide Policies: per row, in bulk, and enforcement. */
class OrganizationPoliciesMfaTest extends KaribuTest {


    @Autowired
    private MfaEnforcementSettings organizations;

    @Autowired
    private MfaAdministration mfa;

    @Autowired
    private PasswordConfirmation passwords;

    @Autowired
    private org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private SignedInAccount root;
    private SignedInAccount active;
    private SignedInAccount off;

    @BeforeEach
    void organizationWithTwoSubUsers() {
        root = testAccounts.newOrganization();
        active = testAccounts.newSubUser(root);
        off = testAccounts.newSubUser(root);
        testAccounts.enrolMfa(active, clock.instant());
        signIn(root);
        // The root confirmed the password in this browser a moment ago (sudo mode): no prompt in these tests.
        passwords.confirmForSensitiveActions(TestAccounts.PASSWORD);
        UI.getCurrent().navigate(OrganizationPoliciesView.class);
    }

    @Test
    void without_a_recent_password_a_row_action_first_asks_for_it() {
        clock.advance(PasswordConfirmation.SUDO.plusSeconds(1));

        view().confirmReset(row(active));
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), "Wrong-Passw0rd!");
        _click(_get(Button.class, spec -> spec.withText(ConfirmAccessDialog.CONFIRM)));
        assertThat(_get(PasswordField.class, spec -> spec.withLabel("Password")).getErrorMessage())
                .isEqualTo(PasswordConfirmation.WRONG_PASSWORD);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _click(_get(Button.class, spec -> spec.withText(ConfirmAccessDialog.CONFIRM)));
        _click(_get(DestructiveConfirmation.class).confirmButton());

        assertThat(testAccounts.mfaStateOf(active.accountId())).isEqualTo(MfaState.PENDING);
    }

    @Test
    void reset_mfa_on_a_row_asks_for_confirmation_then_resets_and_refreshes_the_row() {
        view().confirmReset(row(active));
        DestructiveConfirmation confirm = _get(DestructiveConfirmation.class);
        assertThat(confirm.getHeaderTitle()).contains(active.email());

        _click(confirm.confirmButton());

        assertThat(testAccounts.mfaStateOf(active.accountId())).isEqualTo(MfaState.PENDING);
        assertThat(row(active).mfaState()).isEqualTo(MfaState.PENDING);
    }

    @Test
    void mfa_can_be_turned_on_and_off_for_a_sub_user() {
        view().turnOn(row(off));
        assertThat(testAccounts.mfaStateOf(off.accountId())).isEqualTo(MfaState.PENDING);
        assertThat(row(off).mfaState()).isEqualTo(MfaState.PENDING);

        view().confirmTurnOff(row(off));
        _click(_get(DestructiveConfirmation.class).confirmButton());
        assertThat(testAccounts.mfaStateOf(off.accountId())).isEqualTo(MfaState.OFF);
    }

    @Test
    void a_bulk_reset_states_the_count_in_its_confirmation() {
        SubUserGrid<OrganizationPoliciesView.UserRow> grid = grid();
        grid.select(gridRow(active));
        grid.select(gridRow(off));

        _click(_get(Button.class, spec -> spec.withText("Reset MFA of 2 selected users")));
        DestructiveConfirmation confirm = _get(DestructiveConfirmation.class);
        assertThat(confirm.getHeaderTitle()).isEqualTo("Reset MFA for 2 users?");
        _click(confirm.confirmButton());

        NotificationsKt.expectNotifications("MFA was reset for 1 of 2 selected users.");
        assertThat(testAccounts.mfaStateOf(active.accountId())).isEqualTo(MfaState.PENDING);
        assertThat(testAccounts.mfaStateOf(off.accountId())).isEqualTo(MfaState.OFF);
    }

    @Test
    void a_change_by_another_tab_in_between_gets_a_clear_message_and_a_refreshed_row() {
        SubUserRow asSeen = row(active);
        mfa.reset(active.accountId(), asSeen.version());

        // This tab still shows the row as it was; its button acts on that version.
        view().confirmTurnOff(asSeen);
        _click(_get(DestructiveConfirmation.class).confirmButton());

        NotificationsKt.expectNotifications(SubUserAdministration.USER_CHANGED);
        assertThat(testAccounts.mfaStateOf(active.accountId())).isEqualTo(MfaState.PENDING);
        assertThat(row(active).mfaState()).isEqualTo(MfaState.PENDING);
    }

    @Test
    void enforcing_mfa_asks_for_the_password_and_takes_an_optional_grace_period() {
        _get(TabSheet.class).setSelectedIndex(1);
        Checkbox enforce = _get(Checkbox.class, spec -> spec.withLabel(MfaEnforcementSection.ENFORCE));
        _setValue(enforce, true);
        assertThat(enforce.getValue()).as("not on before the password").isFalse();

        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), "Wrong-Passw0rd!");
        _click(_get(Button.class, spec -> spec.withText("Enforce MFA")));
        assertThat(_get(PasswordField.class, spec -> spec.withLabel("Password")).isInvalid()).isTrue();

        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _setValue(_get(TextField.class, spec -> spec.withLabel(MfaEnforcementSection.GRACE_DAYS)), "14");
        _click(_get(Button.class, spec -> spec.withText("Enforce MFA")));

        assertThat(organizations.mfaEnforcement().enforced()).isTrue();
        assertThat(organizations.mfaEnforcement().graceEndsAt()).isAfter(clock.instant().plus(java.time.Duration.ofDays(13)));
        assertThat(_get(Checkbox.class, spec -> spec.withLabel(MfaEnforcementSection.ENFORCE)).getValue()).isTrue();
        assertThat(_get(MfaEnforcementSection.class).getElement().getTextRecursively()).contains("must set it up by");
    }

    @Test
    void the_grid_counts_live_sessions_and_ends_them_after_confirmation() {
        SessionRows rows = new SessionRows(jdbc);
        java.time.Instant now = clock.instant();
        long first = rows.open(active, SessionRows.CHROME_ON_WINDOWS, "198.51.100.7", now, now);
        rows.open(active, SessionRows.FIREFOX_ON_MACOS, "198.51.100.8", now, now);
        rows.open(active, SessionRows.FIREFOX_ON_MACOS, "198.51.100.9", now.minus(java.time.Duration.ofDays(40)),
                now.minus(java.time.Duration.ofDays(31)));
        grid().refresh();

        assertThat(GridKt._getFormattedRow(grid(), gridRow(active))).contains("2");
        assertThat(GridKt._getFormattedRow(grid(), gridRow(off))).contains("0");

        view().confirmEndSessions(row(active));
        _click(_get(DestructiveConfirmation.class).confirmButton());

        NotificationsKt.expectNotifications(active.email() + " is signed out everywhere.");
        assertThat(rows.endReasonOf(first)).isEqualTo("ENDED_BY_ROOT");
    }

    private static OrganizationPoliciesView view() {
        return _get(OrganizationPoliciesView.class);
    }

    private int indexOf(SignedInAccount user) {
        List<OrganizationPoliciesView.UserRow> rows = GridKt._findAll(grid());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).user().id() == user.accountId()) {
                return i;
            }
        }
        throw new AssertionError(user.email() + " is not in the grid");
    }

    private OrganizationPoliciesView.UserRow gridRow(SignedInAccount user) {
        return GridKt._get(grid(), indexOf(user));
    }

    private SubUserRow row(SignedInAccount user) {
        return gridRow(user).user();
    }

    @SuppressWarnings("unchecked")
    private static SubUserGrid<OrganizationPoliciesView.UserRow> grid() {
        return _get(SubUserGrid.class);
    }
}
