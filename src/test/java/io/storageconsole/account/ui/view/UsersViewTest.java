package io.storageconsole.account.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import io.storageconsole.base.ui.component.ActionSheet;
import io.storageconsole.base.ui.component.DestructiveConfirmation;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.AccountRegistration;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.PasswordPolicy;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.security.ui.view.AccessDeniedView;
import io.storageconsole.account.ui.component.AddUserDialog;
import io.storageconsole.account.ui.component.ConfirmAccessDialog;
import io.storageconsole.account.ui.component.ConsoleAccessDialog;
import io.storageconsole.account.ui.component.SubUserGrid;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class UsersViewTest extends KaribuTest {

    private static final String GOOD_PASSWORD = "Sub-Passw0rd!";
    private static final String LONG = "a".repeat(10_000);

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private SubUserAdministration administration;

    @Autowired
    private PasswordConfirmation passwords;

    private SignedInAccount root;
    private SignedInAccount subUser;

    @BeforeEach
    void openUsersAsRoot() {
        root = testAccounts.newOrganization();
        subUser = testAccounts.newSubUser(root);
        reopenAsRoot();
    }

    @Test
    void the_list_shows_the_sub_users_of_the_own_organization_only() {
        SignedInAccount stranger = testAccounts.newSubUser(testAccounts.newOrganization());
        SignedInAccount colleague = testAccounts.newSubUser(root);
        reopenAsRoot();

        assertThat(emails()).containsExactlyInAnyOrder(subUser.email(), colleague.email())
                .doesNotContain(root.email(), stranger.email());
    }

    @Test
    void the_filter_matches_anywhere_in_the_email_and_says_how_many_match_or_that_none_does() {
        SignedInAccount colleague = testAccounts.newSubUser(root);
        reopenAsRoot();
        TextField filter = _get(TextField.class, spec -> spec.withLabel("Email contains"));

        // The middle of the local part, then the domain: "demo.example" must find demo.example addresses.
        _setValue(filter, colleague.email().substring(6, 12));
        assertThat(emails()).containsExactly(colleague.email());
        assertThat(_get(Span.class, spec -> spec.withId("matching-users")).getText()).isEqualTo("1 user matches");
        _setValue(filter, "test.example");
        assertThat(emails()).containsExactlyInAnyOrder(subUser.email(), colleague.email());
        assertThat(_get(Span.class, spec -> spec.withId("matching-users")).getText()).isEqualTo("2 users match");

        _setValue(filter, "nobody-has-this");
        assertThat(emails()).isEmpty();
        assertThat(_get(Span.class, spec -> spec.withId("matching-users")).getText()).isEqualTo("0 users match");
        assertThat(grid().getEmptyStateText()).isEqualTo(SubUserGrid.NO_MATCH);
    }

    @Test
    void the_filter_keeps_the_users_whose_email_starts_with_the_text() {
        SignedInAccount colleague = testAccounts.newSubUser(root);
        reopenAsRoot();

        _setValue(_get(TextField.class, spec -> spec.withLabel("Email contains")), colleague.email().substring(0, 12).toUpperCase());

        assertThat(emails()).containsExactly(colleague.email());
    }

    @Test
    void add_user_with_a_password_gives_console_access_and_is_audited() {
        String email = TestAccounts.uniqueEmail("added");

        addUser(email, GOOD_PASSWORD);

        NotificationsKt.expectNotifications(email + " was added.");
        _assertNone(AddUserDialog.class);
        assertThat(rowOf(email).consoleAccess()).isTrue();
        assertThat(passwordHashOf(email)).startsWith("{argon2");
        assertThat(auditCount("SUB_USER_ADDED", email)).isEqualTo(1);
    }

    @Test
    void add_user_without_a_password_gives_api_keys_only() {
        String email = TestAccounts.uniqueEmail("api-only");

        addUser(email, "");

        SubUserRow added = rowOf(email);
        assertThat(added.consoleAccess()).isFalse();
        assertThat(GridKt._getFormatted(grid(), rowIndexOf(email), "access")).isEqualTo("API keys only");
        assertThat(passwordHashOf(email)).isNull();
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("empty email", "", GOOD_PASSWORD, "Email", "Enter an email address."),
                Arguments.of("10,000-character email", LONG + "@test.example.com", GOOD_PASSWORD, "Email", "at most 254 characters"),
                Arguments.of("non-Latin email", "пользователь@пример.рф", GOOD_PASSWORD, "Email", "Enter a valid email address"),
                Arguments.of("SQL-like email", "x'); DELETE FROM account; --@test.example.com", GOOD_PASSWORD, "Email", "Enter a valid email address"),
                Arguments.of("weak password", "ok-weak@test.example.com", "password", "Password", PasswordPolicy.DESCRIPTION),
                Arguments.of("10,000-character password", "ok-long@test.example.com", "Aa1!" + LONG, "Password", PasswordPolicy.DESCRIPTION),
                Arguments.of("non-Latin password", "ok-cyrillic@test.example.com", "Пароль-пароль-1", "Password", PasswordPolicy.DESCRIPTION),
                Arguments.of("SQL-like password", "ok-sql@test.example.com", "' OR '1'='1", "Password", PasswordPolicy.DESCRIPTION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void bad_input_gets_a_message_on_its_field_and_stores_nothing(String caseName, String email, String password,
                                                                  String field, String message) {
        long accountsBefore = testAccounts.count("account");

        addUser(email, password);

        AddUserDialog dialog = _get(AddUserDialog.class);
        var invalid = field.equals("Password") ? _get(dialog, PasswordField.class, spec -> spec.withLabel(field))
                : _get(dialog, TextField.class, spec -> spec.withLabel(field));
        assertThat(invalid.isInvalid()).isTrue();
        assertThat(invalid.getErrorMessage()).contains(message);
        assertThat(testAccounts.count("account")).isEqualTo(accountsBefore);
    }

    @Test
    void an_email_that_is_taken_in_any_organization_is_refused() {
        String taken = testAccounts.newOrganization().email();
        long accountsBefore = testAccounts.count("account");

        addUser(taken.toUpperCase(), "");

        TextField email = _get(_get(AddUserDialog.class), TextField.class, spec -> spec.withLabel("Email"));
        assertThat(email.getErrorMessage()).isEqualTo(AccountRegistration.EMAIL_TAKEN);
        assertThat(testAccounts.count("account")).isEqualTo(accountsBefore);
    }

    @Test
    void delete_asks_first_and_removes_the_user_after_confirmation() {
        clickInRow(subUser.email(), UsersView.DELETE);
        DestructiveConfirmation confirmation = _get(DestructiveConfirmation.class);
        assertThat(confirmation.focusesCancel()).as("opens with focus on Cancel").isTrue();
        assertThat(confirmation.getText()).contains(subUser.email());

        _click(confirmation.confirmButton());

        NotificationsKt.expectNotifications(subUser.email() + " was deleted.");
        assertThat(emails()).doesNotContain(subUser.email());
        assertThat(accountExists(subUser.email())).isFalse();
        assertThat(auditCount("SUB_USER_DELETED", subUser.email())).isEqualTo(1);
    }

    @Test
    void delete_and_turning_access_on_ask_for_the_roots_password_when_not_confirmed_lately() {
        clock.advance(PasswordConfirmation.SUDO.plusMinutes(1));

        clickInRow(subUser.email(), UsersView.DELETE);
        _get(ConfirmAccessDialog.class);
        _assertNone(DestructiveConfirmation.class);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _click(_get(Button.class, spec -> spec.withText(ConfirmAccessDialog.CONFIRM)));
        _click(_get(DestructiveConfirmation.class).confirmButton());

        assertThat(accountExists(subUser.email())).isFalse();
    }

    @Test
    void a_cancelled_delete_keeps_the_user() {
        clickInRow(subUser.email(), UsersView.DELETE);

        _get(DestructiveConfirmation.class).close();

        assertThat(accountExists(subUser.email())).isTrue();
        assertThat(emails()).contains(subUser.email());
    }

    @Test
    void turning_console_access_off_removes_the_password_after_confirmation() {
        clickInRow(subUser.email(), UsersView.TURN_OFF);
        _click(_get(DestructiveConfirmation.class).confirmButton());

        assertThat(rowOf(subUser.email()).consoleAccess()).isFalse();
        assertThat(passwordHashOf(subUser.email())).isNull();
        assertThat(auditCount("CONSOLE_ACCESS_TURNED_OFF", subUser.email())).isEqualTo(1);
    }

    @Test
    void turning_console_access_on_needs_a_password_that_meets_the_policy() {
        clickInRow(subUser.email(), UsersView.TURN_OFF);
        _click(_get(DestructiveConfirmation.class).confirmButton());
        NotificationsKt.clearNotifications();

        clickInRow(subUser.email(), UsersView.TURN_ON);
        ConsoleAccessDialog dialog = _get(ConsoleAccessDialog.class);
        InvitationTest.chooseAccess(dialog, AddUserDialog.Access.PASSWORD);
        _click(_get(dialog, Button.class, spec -> spec.withText("Turn on")));
        PasswordField password = _get(dialog, PasswordField.class, spec -> spec.withLabel("Password"));
        assertThat(password.getErrorMessage()).isEqualTo("Enter a password.");
        _setValue(password, "weakweak");
        _click(_get(dialog, Button.class, spec -> spec.withText("Turn on")));
        assertThat(password.getErrorMessage()).isEqualTo(PasswordPolicy.DESCRIPTION);
        assertThat(passwordHashOf(subUser.email())).isNull();

        _setValue(password, GOOD_PASSWORD);
        _click(_get(dialog, Button.class, spec -> spec.withText("Turn on")));

        NotificationsKt.expectNotifications(subUser.email() + " may now sign in to the console.");
        assertThat(rowOf(subUser.email()).consoleAccess()).isTrue();
        assertThat(passwordHashOf(subUser.email())).startsWith("{argon2");
        assertThat(auditCount("CONSOLE_ACCESS_TURNED_ON", subUser.email())).isEqualTo(1);
    }

    @Test
    void a_delete_after_another_tab_changed_the_user_is_refused_with_a_message_and_the_list_reloads() {
        SubUserRow seen = rowOf(subUser.email());
        Runnable delete = buttonInRow(subUser.email(), UsersView.DELETE);
        // The other tab of the same root turns console access off first.
        administration.turnOffConsoleAccess(root.organizationId(), seen.id(), seen.version());
        boolean[] reloaded = watchForReload();

        delete.run();
        _click(_get(DestructiveConfirmation.class).confirmButton());

        NotificationsKt.expectNotifications(SubUserAdministration.USER_CHANGED);
        assertThat(reloaded[0]).isTrue();
        assertThat(accountExists(subUser.email())).isTrue();
        assertThat(GridKt._getFormatted(grid(), rowIndexOf(subUser.email()), "access")).isEqualTo("API keys only");
        assertThat(auditCount("SUB_USER_DELETED", subUser.email())).isZero();
    }

    @Test
    void turning_access_off_after_another_tab_deleted_the_user_is_refused_and_the_row_disappears() {
        SubUserRow seen = rowOf(subUser.email());
        Runnable turnOff = buttonInRow(subUser.email(), UsersView.TURN_OFF);
        administration.deleteSubUser(root.organizationId(), seen.id(), seen.version());
        boolean[] reloaded = watchForReload();

        turnOff.run();
        _click(_get(DestructiveConfirmation.class).confirmButton());

        NotificationsKt.expectNotifications(SubUserAdministration.USER_GONE);
        assertThat(reloaded[0]).isTrue();
        assertThat(emails()).doesNotContain(subUser.email());
        assertThat(auditCount("CONSOLE_ACCESS_TURNED_OFF", subUser.email())).isZero();
    }

    @Test
    void turning_access_on_after_another_tab_did_so_is_refused_and_keeps_the_other_password() {
        SubUserRow seen = rowOf(subUser.email());
        administration.turnOffConsoleAccess(root.organizationId(), seen.id(), seen.version());
        // The root's list reloads and shows the user without access.
        grid().refresh();
        SubUserRow off = rowOf(subUser.email());
        Runnable turnOn = buttonInRow(subUser.email(), UsersView.TURN_ON);
        administration.turnOnConsoleAccess(root.organizationId(), off.id(), off.version(), "Other-Tab-Passw0rd!");
        String otherTabsHash = passwordHashOf(subUser.email());

        turnOn.run();
        ConsoleAccessDialog dialog = _get(ConsoleAccessDialog.class);
        InvitationTest.chooseAccess(dialog, AddUserDialog.Access.PASSWORD);
        _setValue(_get(dialog, PasswordField.class, spec -> spec.withLabel("Password")), GOOD_PASSWORD);
        _click(_get(dialog, Button.class, spec -> spec.withText("Turn on")));

        NotificationsKt.expectNotifications(SubUserAdministration.USER_CHANGED);
        assertThat(passwordHashOf(subUser.email())).isEqualTo(otherTabsHash);
        assertThat(auditCount("CONSOLE_ACCESS_TURNED_ON", subUser.email())).isEqualTo(1);
    }

    @Test
    void a_sub_user_is_refused_the_page() {
        signIn(subUser);

        UI.getCurrent().navigate("users");

        assertThat(_get(AccessDeniedView.class).getElement().getTextRecursively()).contains(AccessDeniedView.MESSAGE);
        _assertNone(UsersView.class);
    }

    @Test
    void support_is_refused_the_page() {
        signIn(testAccounts.newSupport());

        UI.getCurrent().navigate("users");

        assertThat(_get(AccessDeniedView.class).getElement().getTextRecursively()).contains(AccessDeniedView.MESSAGE);
        _assertNone(UsersView.class);
    }

    /**
     * Creating accounts signs the test thread out; this signs the root in again, with the password
     * confirmed lately in this browser (setting a password and deleting ask for it), and reloads.
     */
    private void reopenAsRoot() {
        signIn(root);
        passwords.confirmForSensitiveActions(TestAccounts.PASSWORD);
        UI.getCurrent().navigate(UsersView.class);
    }

    private static void addUser(String email, String password) {
        _click(_get(Button.class, spec -> spec.withText(UsersView.ADD_USER)));
        AddUserDialog dialog = _get(AddUserDialog.class);
        _setValue(_get(dialog, TextField.class, spec -> spec.withLabel("Email")), email);
        if (password.isEmpty()) {
            InvitationTest.chooseAccess(dialog, AddUserDialog.Access.API_KEYS_ONLY);
        } else {
            InvitationTest.chooseAccess(dialog, AddUserDialog.Access.PASSWORD);
            _setValue(_get(dialog, PasswordField.class, spec -> spec.withLabel("Password")), password);
        }
        _click(_get(dialog, Button.class, spec -> spec.withText("Add")));
    }

    @SuppressWarnings("unchecked")
    private static SubUserGrid<SubUserRow> grid() {
        return _get(SubUserGrid.class);
    }

    private static List<String> emails() {
        return GridKt._findAll(grid()).stream().map(SubUserRow::email).toList();
    }

    private static int rowIndexOf(String email) {
        int index = emails().indexOf(email);
        assertThat(index).as("row of " + email).isNotNegative();
        return index;
    }

    private static SubUserRow rowOf(String email) {
        return GridKt._get(grid(), rowIndexOf(email));
    }

    private static void clickInRow(String email, String buttonText) {
        buttonInRow(email, buttonText).run();
    }

    /**
     * The button of the row's actions as offered now, for the row as the root sees it now: the
     * row's "Actions" opens the sheet, which offers the console-access change that fits the row
     * and Delete. Running the result clicks it.
     */
    private static Runnable buttonInRow(String email, String buttonText) {
        SubUserRow row = rowOf(email);
        _get(UsersView.class).openActions(row);
        ActionSheet sheet = _get(ActionSheet.class);
        Button button = _get(sheet, Button.class, spec -> spec.withText(buttonText));
        return () -> _click(button);
    }

    private static boolean[] watchForReload() {
        boolean[] reloaded = {false};
        grid().getDataProvider().addDataProviderListener(change -> reloaded[0] = true);
        return reloaded;
    }

    private boolean accountExists(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM account WHERE email = ?").param(email).query(Long.class).single() == 1;
    }

    private String passwordHashOf(String email) {
        return jdbc.sql("SELECT password_hash FROM account WHERE email = ?").param(email)
                .query(String.class).optional().orElse(null);
    }

    private long auditCount(String type, String targetEmail) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND target_email = ? AND actor_account_id = ?")
                .params(type, targetEmail, root.accountId()).query(Long.class).single();
    }
}
