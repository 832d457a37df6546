package io.storageconsole.support.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.dom.Element;
import io.storageconsole.mfa.service.SecondFactorService;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.web.PersistentSignIn;
import io.storageconsole.security.service.ClientAddress;
import io.storageconsole.security.service.SignInThrottle;
import io.storageconsole.support.domain.RequestOutcome;
import io.storageconsole.support.service.HelpRequests;
import io.storageconsole.support.service.IdentityVerification;
import io.storageconsole.support.service.SupportReason;
import io.storageconsole.support.ui.component.CloseRequestDialog;
import io.storageconsole.support.ui.component.SupportActionDialog;
import io.storageconsole.support.ui.view.SupportAccountView;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.SupportCases;
import io.storageconsole.testing.TestAccounts;
import io.storageconsole.testing.TestAccounts.EnrolledMfa;
import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Support's account page, driven as a support member would, with each action and each refusal. */
class SupportAccountViewTest extends KaribuTest {

    @Autowired private SupportCases support;
    @Autowired private HelpRequests helpRequests;
    @Autowired private PersistentSignIn persistentSignIn;
    @Autowired private SignInThrottle signInThrottle;
    @Autowired private SecondFactorService secondFactor;
    @Autowired private JdbcClient jdbc;

    private SignedInAccount member;
    private SignedInAccount root;
    private SignedInAccount user;
    private EnrolledMfa userMfa;
    private String sessionToken;

    @BeforeEach
    void aSubUserWithMfaASessionAndARequest() {
        member = support.newSupportMember();
        root = testAccounts.newOrganization();
        user = testAccounts.newSubUser(root);
        userMfa = testAccounts.enrolMfa(user, clock.instant());
        sessionToken = startSession(user);
        TestAccounts.signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));
        helpRequests.send("I lost my phone with the authenticator.", "+41 44 123 45 67");
        signIn(member);
    }

    @Test
    void opening_the_page_is_audited_and_it_shows_the_account_request_mfa_sessions_and_events() {
        long viewedBefore = audited("SUPPORT_ACCOUNT_VIEWED", user);

        open(user);

        assertThat(audited("SUPPORT_ACCOUNT_VIEWED", user)).isEqualTo(viewedBefore + 1);
        assertThat(jdbc.sql("SELECT actor_email FROM audit_event WHERE target_account_id = ? AND event_type = 'SUPPORT_ACCOUNT_VIEWED'")
                .param(user.accountId()).query(String.class).single()).isEqualTo(member.email());
        String page = _get(SupportAccountView.class).getElement().getTextRecursively();
        assertThat(page).contains(user.email()).contains("Sub-user of ").contains("I lost my phone with the authenticator.")
                .contains("+41 44 123 45 67").contains("Active since").contains("10 of 10").contains("Not locked")
                .contains("No network address is blocked");
        Grid<?> sessions = grid("Active sessions");
        assertThat(GridKt._size(sessions)).isEqualTo(1);
        assertThat(GridKt._size(grid("Latest security events"))).isGreaterThanOrEqualTo(3);
    }

    @Test
    void no_secret_reaches_the_page_before_or_after_the_verification() {
        String code = support.sendCode(member, user);
        signIn(member);
        open(user);
        List<String> secrets = new ArrayList<>(userMfa.recoveryCodes());
        secrets.add(userMfa.secret());
        secrets.add(code);
        secrets.add(code.replace(" ", ""));
        secrets.add(sessionToken);
        secrets.add(column("SELECT token_hash FROM console_session WHERE account_id = ?"));
        secrets.add(column("SELECT password_hash FROM account WHERE id = ?"));
        secrets.add(column("SELECT encrypted_secret FROM mfa_credential WHERE account_id = ?"));
        secrets.add(column("SELECT code_hash FROM support_verification WHERE account_id = ?"));

        String before = everythingShown();
        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportAccountView.CODE)), code);
        _click(_get(Button.class, spec -> spec.withText(SupportAccountView.VERIFY)));
        _click(_get(Button.class, spec -> spec.withText(SupportAccountView.RESET_MFA)));
        String after = everythingShown();

        assertThat(before).contains(user.email()).contains("198.51.100.77");
        assertThat(after).contains(SupportAccountView.IDENTITY_VERIFIED);
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(before).doesNotContain(secret);
            assertThat(after).doesNotContain(secret);
        }
    }

    @Test
    void actions_that_need_a_verified_identity_are_disabled_until_the_customer_reads_back_the_code() {
        open(user);

        assertThat(button(SupportAccountView.RESET_MFA).isEnabled()).isFalse();
        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively()).contains(SupportAccountView.VERIFY_FIRST);
        assertThat(_find(TextField.class, spec -> spec.withLabel(SupportAccountView.CODE))).isEmpty();

        _click(button(SupportAccountView.SEND_CODE));
        String code = SupportCases.awaitCode(user.email(), 1);
        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportAccountView.CODE)), code);
        _click(button(SupportAccountView.VERIFY));

        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively())
                .contains(SupportAccountView.IDENTITY_VERIFIED).contains("by " + member.email())
                .doesNotContain(SupportAccountView.VERIFY_FIRST);
        assertThat(button(SupportAccountView.RESET_MFA).isEnabled()).isTrue();
    }

    @Test
    void a_wrong_code_gets_a_field_message_with_the_tries_left() {
        open(user);
        _click(button(SupportAccountView.SEND_CODE));
        String code = SupportCases.awaitCode(user.email(), 1);

        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportAccountView.CODE)), code.equals("1111 1111") ? "2222 2222" : "1111 1111");
        _click(button(SupportAccountView.VERIFY));

        assertThat(_get(TextField.class, spec -> spec.withLabel(SupportAccountView.CODE)).getErrorMessage())
                .isEqualTo("That code is not right. 4 tries left for this code.");
    }

    @Test
    void a_code_read_back_after_15_minutes_is_refused_and_a_verification_ends_after_30_minutes() {
        open(user);
        _click(button(SupportAccountView.SEND_CODE));
        String late = SupportCases.awaitCode(user.email(), 1);
        NotificationsKt.clearNotifications();
        clock.advance(IdentityVerification.CODE_VALID.plusSeconds(1));
        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportAccountView.CODE)), late);
        _click(button(SupportAccountView.VERIFY));
        NotificationsKt.expectNotifications(IdentityVerification.NO_CODE_WAITING);

        _click(button(SupportAccountView.SEND_CODE));
        String onTime = SupportCases.awaitCode(user.email(), 2);
        _setValue(_get(TextField.class, spec -> spec.withLabel(SupportAccountView.CODE)), onTime);
        _click(button(SupportAccountView.VERIFY));
        assertThat(button(SupportAccountView.RESET_MFA).isEnabled()).isTrue();

        clock.advance(IdentityVerification.VERIFIED_FOR.plusSeconds(1));
        open(user);
        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively())
                .doesNotContain(SupportAccountView.IDENTITY_VERIFIED).contains(SupportAccountView.VERIFY_FIRST);
        assertThat(button(SupportAccountView.RESET_MFA).isEnabled()).isFalse();
    }

    @Test
    void reset_mfa_says_what_happens_focuses_cancel_asks_for_reason_and_ticket_and_resets() {
        verified();
        _click(button(SupportAccountView.RESET_MFA));
        Dialog dialog = _get(SupportActionDialog.class);
        assertThat(dialog.getElement().getTextRecursively()).contains("every session of the account ends at once")
                .contains("must set up MFA again at the next sign-in");
        assertThat(_get(dialog, Button.class, spec -> spec.withText(SupportActionDialog.CANCEL)).isAutofocus()).isTrue();

        _click(_get(dialog, Button.class, spec -> spec.withText(SupportAccountView.RESET_MFA)));
        assertThat(_get(dialog, TextField.class, spec -> spec.withLabel(SupportActionDialog.TICKET)).getErrorMessage()).isNotBlank();
        assertThat(mfaState()).isEqualTo("ACTIVE");

        fillReason(dialog, "SUP-77");
        _click(_get(dialog, Button.class, spec -> spec.withText(SupportAccountView.RESET_MFA)));

        assertThat(mfaState()).isEqualTo("PENDING");
        assertThat(jdbc.sql("SELECT end_reason FROM console_session WHERE account_id = ?").param(user.accountId())
                .query(String.class).single()).isEqualTo("CREDENTIALS_CHANGED");
        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively()).contains("Pending enrolment: set-up at the next sign-in");
    }

    @Test
    void unlock_mfa_codes_and_lift_sign_in_blocks_through_their_dialogs() {
        lockCodesAndBlockAnAddress();
        verified();
        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively()).contains("Locked until")
                .contains("203.0.113.5 blocked until");

        _click(button(SupportAccountView.UNLOCK_CODES));
        fillReason(_get(SupportActionDialog.class), "SUP-78");
        _click(_get(_get(SupportActionDialog.class), Button.class, spec -> spec.withText(SupportAccountView.UNLOCK_CODES)));
        _click(button(SupportAccountView.LIFT_BLOCKS));
        fillReason(_get(SupportActionDialog.class), "SUP-78");
        _click(_get(_get(SupportActionDialog.class), Button.class, spec -> spec.withText(SupportAccountView.LIFT_BLOCKS)));

        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively()).contains("Not locked")
                .contains("No network address is blocked");
        assertThat(audited("MFA_CODES_UNLOCKED", user)).isEqualTo(1);
        assertThat(audited("SIGN_IN_BLOCKS_LIFTED", user)).isEqualTo(1);
    }

    @Test
    void ending_a_session_and_all_sessions_needs_no_verification() {
        startSession(user);
        open(user);
        Grid<?> sessions = grid("Active sessions");
        assertThat(GridKt._size(sessions)).isEqualTo(2);

        _click((Button) GridKt._getCellComponent(sessions, 0, "action"));
        assertThat(_get(_get(SupportActionDialog.class), Button.class, spec -> spec.withText(SupportActionDialog.CANCEL))
                .isAutofocus()).isTrue();
        fillReason(_get(SupportActionDialog.class), "SUP-79");
        _click(_get(_get(SupportActionDialog.class), Button.class, spec -> spec.withText(SupportAccountView.END_SESSION)));
        assertThat(GridKt._size(grid("Active sessions"))).isEqualTo(1);

        _click(button(SupportAccountView.END_ALL_SESSIONS));
        fillReason(_get(SupportActionDialog.class), "SUP-79");
        _click(_get(_get(SupportActionDialog.class), Button.class, spec -> spec.withText(SupportAccountView.END_ALL_SESSIONS)));

        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively()).contains("No browser is signed in");
        assertThat(audited("SUPPORT_SESSIONS_ENDED", user)).isEqualTo(2);
        assertThat(mfaState()).isEqualTo("ACTIVE");
    }

    @Test
    void closing_the_request_records_its_outcome_and_tells_the_owner() {
        open(user);
        _click(button(SupportAccountView.CLOSE_REQUEST));
        Dialog dialog = _get(CloseRequestDialog.class);
        @SuppressWarnings("unchecked")
        Select<RequestOutcome> outcome = _get(dialog, Select.class, spec -> spec.withLabel(CloseRequestDialog.OUTCOME));
        _setValue(outcome, RequestOutcome.IDENTITY_NOT_CONFIRMED);
        _click(_get(dialog, Button.class, spec -> spec.withText(CloseRequestDialog.CLOSE)));

        assertThat(jdbc.sql("SELECT CONCAT(outcome, '/', closed_by) FROM support_request WHERE account_id = ?")
                .param(user.accountId()).query(String.class).single()).isEqualTo("IDENTITY_NOT_CONFIRMED/" + member.accountId());
        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively()).contains("No open request.");
        assertThat(SupportCases.awaitSubject(user.email(), "Your support request was closed")).isNotNull();
    }

    @Test
    void resetting_a_roots_mfa_asks_for_a_second_members_approval() {
        testAccounts.enrolMfa(root, clock.instant());
        support.verify(member, root);
        signIn(member);
        open(root);

        _click(button(SupportAccountView.RESET_MFA));
        Dialog dialog = _get(SupportActionDialog.class);
        assertThat(dialog.getElement().getTextRecursively()).contains("a second support member must approve the reset");
        fillReason(dialog, "SUP-80");
        _click(_get(dialog, Button.class, spec -> spec.withText("Ask for approval")));

        assertThat(_get(SupportAccountView.class).getElement().getTextRecursively())
                .contains("A reset waits for a second support member's approval: asked for by " + member.email());
        assertThat(button(SupportAccountView.RESET_MFA).isEnabled()).isFalse();
        assertThat(jdbc.sql("SELECT mfa_state FROM account WHERE id = ?").param(root.accountId()).query(String.class).single())
                .isEqualTo("ACTIVE");
    }

    private void verified() {
        support.verify(member, user);
        signIn(member);
        open(user);
    }

    private void open(SignedInAccount account) {
        UI.getCurrent().navigate("support/account/" + account.accountId());
        _get(SupportAccountView.class);
    }

    private static void fillReason(Dialog dialog, String ticket) {
        @SuppressWarnings("unchecked")
        Select<SupportReason> reason = _get(dialog, Select.class, spec -> spec.withLabel(SupportActionDialog.REASON));
        _setValue(reason, SupportReason.LOST_DEVICE);
        _setValue(_get(dialog, TextField.class, spec -> spec.withLabel(SupportActionDialog.TICKET)), ticket);
    }

    private static Button button(String text) {
        return _get(_get(SupportAccountView.class), Button.class, spec -> spec.withText(text));
    }

    private static Grid<?> grid(String label) {
        return _find(Grid.class).stream().filter(grid -> label.equals(grid.getElement().getAttribute("aria-label")))
                .findFirst().orElseThrow();
    }

    private String startSession(SignedInAccount account) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("198.51.100.77");
        request.addHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        MockHttpServletResponse response = new MockHttpServletResponse();
        persistentSignIn.start(account, request, response);
        Cookie cookie = response.getCookie("CONSOLE_SESSION");
        assertThat(cookie).isNotNull();
        return cookie.getValue();
    }

    private void lockCodesAndBlockAnAddress() {
        TestAccounts.signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));
        for (int i = 0; i < 5; i++) {
            try {
                secondFactor.signInWithCode("00000" + i);
            } catch (RuntimeException expected) {
                // Wrong codes (or, at worst, one right by chance): the fifth starts the lock.
            }
        }
        for (int i = 0; i < 5; i++) {
            signInThrottle.reserve(user, ClientAddress.of("203.0.113.5"));
        }
    }

    private String mfaState() {
        return jdbc.sql("SELECT mfa_state FROM account WHERE id = ?").param(user.accountId()).query(String.class).single();
    }

    private long audited(String type, SignedInAccount account) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND target_account_id = ?")
                .params(type, account.accountId()).query(Long.class).single();
    }

    private String column(String sql) {
        return jdbc.sql(sql).param(user.accountId()).query(String.class).list().get(0);
    }

    /** The text, attributes and properties of every element of the UI, and every row of every grid. */
    private static String everythingShown() {
        StringBuilder all = new StringBuilder();
        collect(UI.getCurrent().getElement(), all);
        for (Grid<?> grid : _find(Grid.class)) {
            for (int row = 0; row < GridKt._size(grid); row++) {
                all.append(GridKt._getFormattedRow(grid, row)).append('\n');
                for (Grid.Column<?> column : grid.getColumns()) {
                    if (column.getKey() != null && column.getRenderer() instanceof com.vaadin.flow.data.renderer.ComponentRenderer) {
                        collect(GridKt._getCellComponent(grid, row, column.getKey()).getElement(), all);
                    }
                }
            }
        }
        for (Notification notification : NotificationsKt.getNotifications()) {
            all.append(notification.getElement().getProperty("text")).append('\n');
        }
        return all.toString();
    }

    private static void collect(Element element, StringBuilder all) {
        all.append(element.getText()).append('\n');
        element.getAttributeNames().forEach(name -> all.append(element.getAttribute(name)).append('\n'));
        element.getPropertyNames().forEach(name -> all.append(element.getPropertyRaw(name)).append('\n'));
        element.getChildren().forEach(child -> collect(child, all));
    }
}
