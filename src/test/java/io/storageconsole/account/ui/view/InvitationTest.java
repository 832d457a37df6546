package io.storageconsole.account.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.DownloadKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.ui.component.ConsoleAccessDialog;
import java.nio.charset.StandardCharsets;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.Invitations;
import io.storageconsole.account.service.PasswordPolicy;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.account.ui.component.AddUserDialog;
import io.storageconsole.account.ui.component.ChangePasswordForm;
import io.storageconsole.account.ui.component.SubUserGrid;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.ui.component.ActionSheet;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Point 8 of issue 10: a new console user is invited by email to choose their own password. */
class InvitationTest extends KaribuTest {

    private static final String NEW_PASSWORD = "Invited-Passw0rd!";
    private static final Pattern LINK = Pattern.compile("/invitation/([A-Za-z0-9_-]{43})");

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private PasswordEncoder passwordEncoder;

    @Autowired
    private Invitations invitations;

    @Autowired
    private SubUserAdministration administration;

    @Autowired
    private PasswordConfirmation passwords;

    private SignedInAccount root;

    @BeforeEach
    void openUsersAsRoot() {
        root = testAccounts.newOrganization();
        signIn(root);
        UI.getCurrent().navigate(UsersView.class);
    }

    @Test
    void adding_a_console_user_mails_a_working_link_and_the_grid_shows_invited_until_the_password_is_set() throws Exception {
        String email = TestAccounts.uniqueEmail("invited");

        addUser(email, AddUserDialog.Access.INVITE);

        NotificationsKt.expectNotifications(email + " was added and invited by email.");
        assertThat(GridKt._getFormatted(grid(), rowIndexOf(email), "access")).isEqualTo(SubUserRow.INVITED);
        String token = tokenIn(invitationTo(email, 1));
        long id = rowOf(email).id();
        assertThat(jdbc.sql("SELECT token_hash FROM account_link WHERE account_id = ? AND purpose = 'INVITATION'").param(id)
                .query(String.class).single()).as("stored as a hash only").isNotEqualTo(token).hasSize(64);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE body LIKE ?").param("%" + token + "%")
                .query(Long.class).single()).as("never through the outbox").isZero();
        assertThat(passwordHashOf(email)).as("no sign-in before the link is used").isNull();
        assertThat(auditCount("INVITATION_SENT", email)).isEqualTo(1);

        String shown = setPasswordByLink(token, NEW_PASSWORD);

        assertThat(shown).isEqualTo(InvitationView.DONE);
        assertThat(passwordEncoder.matches(NEW_PASSWORD, passwordHashOf(email))).isTrue();
        assertThat(CurrentAccount.findAnyStage()).as("signs nobody in").isEmpty();
        assertThat(auditCount("INVITATION_ACCEPTED", email)).isEqualTo(1);
        // Used once: the same link is refused and asks for nothing.
        assertThat(setPasswordByLink(token, "Another-Passw0rd!")).isEqualTo(Invitations.LINK_UNUSABLE);
        assertThat(passwordEncoder.matches(NEW_PASSWORD, passwordHashOf(email))).isTrue();

        signIn(root);
        UI.getCurrent().navigate(UsersView.class);
        assertThat(GridKt._getFormatted(grid(), rowIndexOf(email), "access")).isEqualTo(SubUserRow.CONSOLE);
    }

    @Test
    void a_link_older_than_seven_days_is_refused_and_sets_nothing() throws Exception {
        String email = TestAccounts.uniqueEmail("late");
        addUser(email, AddUserDialog.Access.INVITE);
        String token = tokenIn(invitationTo(email, 1));

        clock.advance(Invitations.VALID_FOR.plusSeconds(1));
        SecurityContextHolder.clearContext();
        UI.getCurrent().navigate("invitation/" + token);

        assertThat(_get(Paragraph.class, spec -> spec.withId("invitation-refused")).getText()).isEqualTo(Invitations.LINK_UNUSABLE);
        _assertNone(PasswordField.class);
        assertThatThrownBy(() -> invitations.accept(token, NEW_PASSWORD, NEW_PASSWORD)).isInstanceOf(ActionRefusedException.class);
        assertThat(passwordHashOf(email)).isNull();
    }

    @Test
    void resending_sends_a_new_link_and_the_earlier_one_stops_working() throws Exception {
        String email = TestAccounts.uniqueEmail("resent");
        addUser(email, AddUserDialog.Access.INVITE);
        String first = tokenIn(invitationTo(email, 1));
        NotificationsKt.clearNotifications();

        _get(UsersView.class).openActions(rowOf(email));
        _click(_get(_get(ActionSheet.class), Button.class, spec -> spec.withText(UsersView.RESEND_INVITATION)));

        NotificationsKt.expectNotifications("A new invitation was sent to " + email + ". The earlier link no longer works.");
        String second = tokenIn(invitationTo(email, 2));
        assertThat(second).isNotEqualTo(first);
        assertThat(auditCount("INVITATION_RESENT", email)).isEqualTo(1);
        assertThat(setPasswordByLink(first, NEW_PASSWORD)).isEqualTo(Invitations.LINK_UNUSABLE);
        assertThat(passwordHashOf(email)).isNull();
        assertThat(setPasswordByLink(second, NEW_PASSWORD)).isEqualTo(InvitationView.DONE);
        assertThat(passwordEncoder.matches(NEW_PASSWORD, passwordHashOf(email))).isTrue();
    }

    @Test
    void a_weak_password_is_refused_on_its_field_and_nothing_is_stored() throws Exception {
        String email = TestAccounts.uniqueEmail("weak");
        addUser(email, AddUserDialog.Access.INVITE);
        String token = tokenIn(invitationTo(email, 1));
        SecurityContextHolder.clearContext();
        UI.getCurrent().navigate("invitation/" + token);

        _setValue(_get(PasswordField.class, spec -> spec.withLabel("New password")), "weakweak");
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")), "weakweak");
        _click(_get(Button.class, spec -> spec.withText(InvitationView.SET)));

        PasswordField field = _get(PasswordField.class, spec -> spec.withLabel("New password"));
        assertThat(field.isInvalid()).isTrue();
        assertThat(field.getErrorMessage()).isEqualTo(PasswordPolicy.DESCRIPTION);
        assertThat(field.getHelperText()).as("the policy said once, as the error, not twice").isNull();
        assertThat(passwordHashOf(email)).isNull();
        assertThat(invitations.isUsable(token)).as("the link still works").isTrue();
    }

    @Test
    void turning_console_access_off_withdraws_the_invitation() throws Exception {
        String email = TestAccounts.uniqueEmail("withdrawn");
        addUser(email, AddUserDialog.Access.INVITE);
        String token = tokenIn(invitationTo(email, 1));
        SubUserRow invited = rowOf(email);

        administration.turnOffConsoleAccess(root.organizationId(), invited.id(), invited.version());

        assertThat(invitations.isUsable(token)).isFalse();
        assertThat(setPasswordByLink(token, NEW_PASSWORD)).isEqualTo(Invitations.LINK_UNUSABLE);
        assertThat(passwordHashOf(email)).isNull();
    }

    @Test
    void only_the_root_of_the_users_organization_may_resend() throws Exception {
        String email = TestAccounts.uniqueEmail("guarded");
        addUser(email, AddUserDialog.Access.INVITE);
        SubUserRow invited = rowOf(email);
        SignedInAccount otherRoot = testAccounts.newOrganization();
        SignedInAccount colleague = testAccounts.newSubUser(root);

        TestAccounts.signIn(otherRoot);
        assertThatThrownBy(() -> administration.resendInvitation(root.organizationId(), invited.id(), invited.version()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> administration.resendInvitation(otherRoot.organizationId(), invited.id(), invited.version()))
                .isInstanceOf(AccessDeniedException.class);
        TestAccounts.signIn(colleague);
        assertThatThrownBy(() -> administration.resendInvitation(root.organizationId(), invited.id(), invited.version()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(auditCount("INVITATION_RESENT", email)).isZero();
    }

    @Test
    void the_same_link_submitted_at_once_from_many_tabs_sets_the_password_once() throws Exception {
        String email = TestAccounts.uniqueEmail("raced");
        addUser(email, AddUserDialog.Access.INVITE);
        String token = tokenIn(invitationTo(email, 1));
        int tabs = 6;
        CountDownLatch start = new CountDownLatch(1);
        String address = someNetworkAddress();
        ExecutorService threads = Executors.newFixedThreadPool(tabs);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < tabs; i++) {
            String password = "Tab-" + i + "-Passw0rd!";
            results.add(threads.submit(fromAddress(address, () -> {
                start.await();
                try {
                    invitations.accept(token, password, password);
                    return password;
                } catch (ActionRefusedException refused) {
                    return null;
                }
            })));
        }
        start.countDown();
        List<String> accepted = new ArrayList<>();
        for (Future<String> result : results) {
            String password = result.get();
            if (password != null) {
                accepted.add(password);
            }
        }
        threads.shutdown();

        assertThat(accepted).as("tabs whose password was set").hasSize(1);
        assertThat(passwordEncoder.matches(accepted.get(0), passwordHashOf(email))).isTrue();
        assertThat(auditCount("INVITATION_ACCEPTED", email)).isEqualTo(1);
    }

    @Test
    void tries_of_invitation_links_are_limited_per_network_address() throws Exception {
        String address = someNetworkAddress();
        for (int i = 0; i < 20; i++) {
            String guess = "guess-" + i;
            assertThatThrownBy(() -> fromAddress(address, () -> invitations.accept(guess, NEW_PASSWORD, NEW_PASSWORD)).call())
                    .hasMessage(Invitations.LINK_UNUSABLE);
        }

        assertThatThrownBy(() -> fromAddress(address, () -> invitations.accept("guess-21", NEW_PASSWORD, NEW_PASSWORD)).call())
                .isInstanceOf(ActionRefusedException.class).hasMessageStartingWith("Too many tries");
        // Another address is not held back by this one.
        assertThatThrownBy(() -> fromAddress(someNetworkAddress(), () -> invitations.accept("guess-22", NEW_PASSWORD, NEW_PASSWORD)).call())
                .hasMessage(Invitations.LINK_UNUSABLE);
    }

    @Test
    void a_password_the_root_chose_must_be_changed_at_the_first_sign_in_before_anything_else() {
        String email = TestAccounts.uniqueEmail("handed");
        AddUserDialog dialog = addUserWithPassword(email);
        assertThat(_get(dialog, Checkbox.class, spec -> spec.withLabel(AddUserDialog.MUST_CHANGE)).getValue()).as("by default").isTrue();
        _setValue(_get(dialog, PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _click(_get(dialog, Button.class, spec -> spec.withText("Add")));
        SignedInAccount user = testAccounts.principal(rowOf(email).id());

        signIn(user);
        UI.getCurrent().navigate("profile");
        _get(FirstPasswordView.class);
        UI.getCurrent().navigate("users");
        _get(FirstPasswordView.class);
        _assertNone(ProfileSettingsView.class);

        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Current password")), TestAccounts.PASSWORD);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("New password")), NEW_PASSWORD);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")), "Not-The-Same-1!");
        _click(_get(Button.class, spec -> spec.withText(ChangePasswordForm.CHANGE)));
        assertThat(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")).isInvalid()).isTrue();
        UI.getCurrent().navigate("profile");
        _get(FirstPasswordView.class);

        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Current password")), TestAccounts.PASSWORD);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("New password")), NEW_PASSWORD);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")), NEW_PASSWORD);
        _click(_get(Button.class, spec -> spec.withText(ChangePasswordForm.CHANGE)));

        _get(ProfileSettingsView.class);
        _assertNone(FirstPasswordView.class);
        assertThat(passwordEncoder.matches(NEW_PASSWORD, passwordHashOf(email))).isTrue();
    }

    @Test
    void a_password_the_root_chose_without_must_change_opens_the_console_at_once() {
        String email = TestAccounts.uniqueEmail("trusted");
        AddUserDialog dialog = addUserWithPassword(email);
        _setValue(_get(dialog, Checkbox.class, spec -> spec.withLabel(AddUserDialog.MUST_CHANGE)), false);
        _setValue(_get(dialog, PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _click(_get(dialog, Button.class, spec -> spec.withText("Add")));
        SignedInAccount user = testAccounts.principal(rowOf(email).id());

        signIn(user);
        UI.getCurrent().navigate("profile");

        _get(ProfileSettingsView.class);
        _assertNone(FirstPasswordView.class);
    }

    @Test
    void choosing_to_set_a_password_and_leaving_it_empty_is_refused_on_its_field() {
        String email = TestAccounts.uniqueEmail("empty");
        long accountsBefore = testAccounts.count("account");
        AddUserDialog dialog = addUserWithPassword(email);
        _click(_get(dialog, Button.class, spec -> spec.withText("Add")));

        assertThat(_get(dialog, PasswordField.class, spec -> spec.withLabel("Password")).getErrorMessage()).isEqualTo("Enter a password.");
        assertThat(testAccounts.count("account")).isEqualTo(accountsBefore);
    }

    @Test
    void turning_console_access_on_for_a_user_of_api_keys_only_invites_them_by_email_as_add_user_does() throws Exception {
        String email = TestAccounts.uniqueEmail("keys-invited");
        addUser(email, AddUserDialog.Access.API_KEYS_ONLY);
        NotificationsKt.clearNotifications();

        ConsoleAccessDialog dialog = openTurnOn(email);
        _click(_get(dialog, Button.class, spec -> spec.withText(ConsoleAccessDialog.TURN_ON)));

        NotificationsKt.expectNotifications(email + " was invited by email.");
        assertThat(GridKt._getFormatted(grid(), rowIndexOf(email), "access")).isEqualTo(SubUserRow.INVITED);
        String token = tokenIn(invitationTo(email, 1));
        assertThat(passwordHashOf(email)).as("no sign-in before the link is used").isNull();
        assertThat(auditCount("CONSOLE_ACCESS_TURNED_ON", email)).isEqualTo(1);
        assertThat(auditCount("INVITATION_SENT", email)).isEqualTo(1);
        assertThat(setPasswordByLink(token, NEW_PASSWORD)).isEqualTo(InvitationView.DONE);
        assertThat(passwordEncoder.matches(NEW_PASSWORD, passwordHashOf(email))).isTrue();
    }

    @Test
    void turning_console_access_on_with_a_password_the_root_chose_asks_for_the_users_own_at_the_first_sign_in() {
        String email = TestAccounts.uniqueEmail("keys-handed");
        addUser(email, AddUserDialog.Access.API_KEYS_ONLY);
        NotificationsKt.clearNotifications();

        ConsoleAccessDialog dialog = openTurnOn(email);
        chooseAccess(dialog, AddUserDialog.Access.PASSWORD);
        assertThat(_get(dialog, Checkbox.class, spec -> spec.withLabel(AddUserDialog.MUST_CHANGE)).getValue()).as("by default").isTrue();
        _setValue(_get(dialog, PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _click(_get(dialog, Button.class, spec -> spec.withText(ConsoleAccessDialog.TURN_ON)));

        NotificationsKt.expectNotifications(email + " may now sign in to the console.");
        long id = rowOf(email).id();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account_link WHERE account_id = ?").param(id).query(Long.class).single())
                .as("no invitation").isZero();
        signIn(testAccounts.principal(id));
        UI.getCurrent().navigate("profile");
        _get(FirstPasswordView.class);
        _assertNone(ProfileSettingsView.class);
    }

    @Test
    void the_users_csv_says_invited_for_an_invited_user() {
        String invited = TestAccounts.uniqueEmail("csv-invited");
        String keysOnly = TestAccounts.uniqueEmail("csv-keys");
        addUser(invited, AddUserDialog.Access.INVITE);
        addUser(keysOnly, AddUserDialog.Access.API_KEYS_ONLY);
        UI.getCurrent().navigate("organization-policies");

        String csv = new String(DownloadKt._download(_get(Anchor.class, spec -> spec.withText("Export CSV"))),
                StandardCharsets.UTF_8);

        assertThat(csv.lines()).anyMatch(line -> line.startsWith(invited + ",Invited,Off,"))
                .anyMatch(line -> line.startsWith(keysOnly + ",No,Off,"));
    }

    /** "Turn on console access" from the user's row, the root's password confirmed lately. */
    private ConsoleAccessDialog openTurnOn(String email) {
        passwords.confirmForSensitiveActions(TestAccounts.PASSWORD);
        _get(UsersView.class).openActions(rowOf(email));
        _click(_get(_get(ActionSheet.class), Button.class, spec -> spec.withText(UsersView.TURN_ON)));
        return _get(ConsoleAccessDialog.class);
    }

    /** Opens the link as a browser with nobody signed in, sets the password, and returns what the page says. */
    private String setPasswordByLink(String token, String password) {
        SecurityContextHolder.clearContext();
        UI.getCurrent().navigate("invitation/" + token);
        List<Paragraph> refused = _find(Paragraph.class, spec -> spec.withId("invitation-refused"));
        if (!refused.isEmpty()) {
            return refused.get(0).getText();
        }
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("New password")), password);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Confirm new password")), password);
        _click(_get(Button.class, spec -> spec.withText(InvitationView.SET)));
        return _get(Paragraph.class, spec -> spec.withId("invitation-accepted")).getText();
    }

    private static void addUser(String email, AddUserDialog.Access access) {
        _click(_get(openAddUser(email, access), Button.class, spec -> spec.withText("Add")));
    }

    /** "Add User" with the email typed and "Set a password for them" chosen; the rest is the test's. */
    private static AddUserDialog addUserWithPassword(String email) {
        return openAddUser(email, AddUserDialog.Access.PASSWORD);
    }

    private static AddUserDialog openAddUser(String email, AddUserDialog.Access access) {
        _click(_get(Button.class, spec -> spec.withText(UsersView.ADD_USER)));
        AddUserDialog dialog = _get(AddUserDialog.class);
        _setValue(_get(dialog, TextField.class, spec -> spec.withLabel("Email")), email);
        chooseAccess(dialog, access);
        return dialog;
    }

    /** Chooses how the user gets into the console, in "Add User" or "Turn on console access". */
    @SuppressWarnings("unchecked")
    static void chooseAccess(Component dialog, AddUserDialog.Access access) {
        _setValue((RadioButtonGroup<AddUserDialog.Access>) _get(dialog, RadioButtonGroup.class), access);
    }

    /** The invitation mail, once {@code count} mails to the address have arrived: the latest. */
    private static MimeMessage invitationTo(String email, int count) {
        List<MimeMessage> mails = awaitMailTo(email, count).stream().filter(mail -> {
            try {
                return mail.getSubject().equals(Invitations.SUBJECT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(mails).as("invitation mails to " + email).hasSize(count);
        return mails.get(count - 1);
    }

    private static String tokenIn(MimeMessage mail) throws Exception {
        Matcher link = LINK.matcher((String) mail.getContent());
        assertThat(link.find()).as("an invitation link in the mail").isTrue();
        return link.group(1);
    }

    /** An address no other test uses, so that the per-address limit counts this test's tries only. */
    private static String someNetworkAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    /** Runs {@code work} as a request from {@code address}, on whichever thread calls it. */
    private static <T> Callable<T> fromAddress(String address, Callable<T> work) {
        return () -> {
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.setRemoteAddr(address);
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
            try {
                return work.call();
            } finally {
                RequestContextHolder.resetRequestAttributes();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static SubUserGrid<SubUserRow> grid() {
        return _get(SubUserGrid.class);
    }

    private static int rowIndexOf(String email) {
        List<String> emails = GridKt._findAll(grid()).stream().map(SubUserRow::email).toList();
        int index = emails.indexOf(email);
        assertThat(index).as("row of " + email).isNotNegative();
        return index;
    }

    private static SubUserRow rowOf(String email) {
        return GridKt._get(grid(), rowIndexOf(email));
    }

    private String passwordHashOf(String email) {
        return jdbc.sql("SELECT password_hash FROM account WHERE email = ?").param(email).query(String.class).optional().orElse(null);
    }

    private long auditCount(String type, String targetEmail) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND target_email = ?")
                .params(type, targetEmail).query(Long.class).single();
    }
}
