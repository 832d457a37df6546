package io.storageconsole.mfa.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.ui.view.ProfileSettingsView;
import io.storageconsole.mfa.service.MfaService;
import io.storageconsole.mfa.service.TotpCodes;
import io.storageconsole.mfa.ui.component.MfaSection;
import io.storageconsole.mfa.ui.component.RecoveryCodesPanel;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class MfaSectionTest extends KaribuTest {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void off_shows_a_grey_switch_and_no_reset() {
        openProfile(testAccounts.newOrganization());

        assertThat(mfaSwitch().getValue()).isFalse();
        assertThat(state()).isEqualTo("Off");
        _assertNone(Button.class, spec -> spec.withText(MfaSection.RESET));
    }

    @Test
    void turning_the_switch_on_asks_for_the_password_before_any_key_is_made() {
        SignedInAccount root = testAccounts.newOrganization();
        openProfile(root);

        _setValue(mfaSwitch(), true);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), "Wrong-Passw0rd!");
        _click(_get(Button.class, spec -> spec.withText(MfaSection.CONTINUE)));

        assertThat(_get(PasswordField.class, spec -> spec.withLabel("Password")).getErrorMessage()).isEqualTo(MfaService.WRONG_PASSWORD);
        _assertNone(Span.class, spec -> spec.withId("mfa-secret"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_credential WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isZero();
        assertThat(state()).isEqualTo("Off");
    }

    @Test
    void set_up_now_shows_this_browsers_set_up_under_way_again_with_the_same_key() {
        SignedInAccount root = testAccounts.newOrganization();
        requiredByTheOrganization(root);
        openProfile(root);
        setUpNowWithPassword();
        String key = _get(Span.class, spec -> spec.withId("mfa-secret")).getText();
        _get(Dialog.class).close();

        _click(_get(Button.class, spec -> spec.withText(MfaSection.SET_UP_NOW)));

        assertThat(_get(Span.class, spec -> spec.withId("mfa-secret")).getText()).isEqualTo(key);
    }

    @Test
    void closing_the_set_up_begun_with_the_switch_leaves_mfa_off_as_before() {
        SignedInAccount root = testAccounts.newOrganization();
        openProfile(root);

        turnOnWithPassword();

        assertThat(_get(Image.class, spec -> spec.withId("mfa-qr-code")).getSrc()).startsWith("data:image/png;base64,");
        assertThat(_get(Span.class, spec -> spec.withId("mfa-secret")).getText()).matches("[A-Z2-7 ]{39}");
        _click(_get(Button.class, spec -> spec.withText(MfaSection.CANCEL_SET_UP)));

        assertThat(state()).isEqualTo("Off");
        assertThat(mfaSwitch().getValue()).isFalse();
        assertThat(testAccounts.mfaStateOf(root.accountId())).isEqualTo(MfaState.OFF);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_credential WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).isZero();
    }

    @Test
    void escape_on_the_set_up_begun_with_the_switch_leaves_mfa_off_as_before() {
        SignedInAccount root = testAccounts.newOrganization();
        openProfile(root);
        turnOnWithPassword();

        // Escape and a click outside close the dialog from the browser, as this does.
        _get(Dialog.class).close();

        assertThat(state()).isEqualTo("Off");
        assertThat(testAccounts.mfaStateOf(root.accountId())).isEqualTo(MfaState.OFF);
    }

    @Test
    void closing_a_set_up_the_organization_requires_leaves_mfa_pending() {
        SignedInAccount root = testAccounts.newOrganization();
        requiredByTheOrganization(root);
        openProfile(root);
        setUpNowWithPassword();

        _get(Dialog.class).close();

        assertThat(state()).isEqualTo(MfaState.PENDING.label());
        assertThat(testAccounts.mfaStateOf(root.accountId())).isEqualTo(MfaState.PENDING);
    }

    @Test
    void pending_offers_set_up_now_and_reset() {
        SignedInAccount root = testAccounts.newOrganization();
        requiredByTheOrganization(root);
        openProfile(root);

        assertThat(mfaSwitch().getValue()).isTrue();
        assertThat(state()).isEqualTo(MfaState.PENDING.label());
        _get(Button.class, spec -> spec.withText(MfaSection.SET_UP_NOW));
        _get(Button.class, spec -> spec.withText(MfaSection.RESET));
    }

    private static void setUpNowWithPassword() {
        _click(_get(Button.class, spec -> spec.withText(MfaSection.SET_UP_NOW)));
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _click(_get(Button.class, spec -> spec.withText(MfaSection.CONTINUE)));
    }

    /** MFA turned on for the account by someone else (a root, a reset): pending, not yet set up. */
    private void requiredByTheOrganization(SignedInAccount account) {
        jdbc.sql("UPDATE account SET mfa_state = 'PENDING', version = version + 1 WHERE id = ?")
                .param(account.accountId()).update();
    }

    @Test
    void enrolment_with_a_right_code_activates_and_shows_ten_recovery_codes_once() {
        openProfile(testAccounts.newOrganization());
        turnOnWithPassword();
        String secret = _get(Span.class, spec -> spec.withId("mfa-secret")).getText().replace(" ", "");

        _setValue(_get(TextField.class, spec -> spec.withLabel("6-digit code")), "123");
        _click(_get(Button.class, spec -> spec.withText("Activate")));
        assertThat(_get(TextField.class, spec -> spec.withLabel("6-digit code")).getErrorMessage()).isNotBlank();

        _setValue(_get(TextField.class, spec -> spec.withLabel("6-digit code")), TotpCodes.codeAt(secret, clock.instant()));
        _click(_get(Button.class, spec -> spec.withText("Activate")));

        assertThat(_get(RecoveryCodesPanel.class).getElement().getTextRecursively()).contains("Keep these recovery codes");
        assertThat(_find(com.vaadin.flow.component.html.ListItem.class)).hasSize(10);
        _click(_get(Button.class, spec -> spec.withText("I have saved my recovery codes")));
        _assertNone(Dialog.class);
        assertThat(state()).isEqualTo("Active");
        assertThat(_get(MfaSection.class).getElement().getTextRecursively()).contains("Recovery codes left: 10 of 10");
        _assertNone(Span.class, spec -> spec.withId("mfa-secret"));
    }

    @Test
    void active_offers_reset_and_regenerate_and_reset_asks_for_the_password() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        openProfile(root);

        assertThat(state()).isEqualTo("Active");
        _get(Button.class, spec -> spec.withText(MfaSection.REGENERATE));
        _click(_get(Button.class, spec -> spec.withText(MfaSection.RESET)));
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), "Wrong-Passw0rd!");
        _click(_get(Button.class, spec -> spec.withText("Reset MFA")));
        assertThat(_get(PasswordField.class, spec -> spec.withLabel("Password")).getErrorMessage()).isEqualTo(MfaService.WRONG_PASSWORD);

        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _click(_get(Button.class, spec -> spec.withText("Reset MFA")));

        NotificationsKt.expectNotifications(MfaSection.RESET_DONE);
        assertThat(state()).isEqualTo(MfaState.PENDING.label());
    }

    @Test
    void enforced_by_the_organization_the_switch_cannot_be_turned_off_and_the_section_says_why() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        jdbc.sql("UPDATE organization SET mfa_enforced = TRUE WHERE id = ?").param(root.organizationId()).update();
        openProfile(root);

        assertThat(mfaSwitch().getValue()).isTrue();
        assertThat(mfaSwitch().isReadOnly()).isTrue();
        assertThat(_get(MfaSection.class).getElement().getTextRecursively()).contains(MfaService.ENFORCED);
        _get(Button.class, spec -> spec.withText(MfaSection.RESET));
    }

    @Test
    void turning_off_asks_for_password_and_code_and_then_mfa_is_off() {
        SignedInAccount root = testAccounts.newOrganization();
        String secret = testAccounts.enrolMfa(root, clock.instant()).secret();
        clock.advance(java.time.Duration.ofSeconds(30));
        openProfile(root);

        _setValue(mfaSwitch(), false);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _setValue(_get(TextField.class, spec -> spec.withLabel("Code from your authenticator app")),
                TotpCodes.codeAt(secret, clock.instant()));
        _click(_get(Button.class, spec -> spec.withText("Turn off")));

        assertThat(state()).isEqualTo("Off");
        assertThat(mfaSwitch().getValue()).isFalse();
    }

    private static void turnOnWithPassword() {
        _setValue(mfaSwitch(), true);
        _setValue(_get(PasswordField.class, spec -> spec.withLabel("Password")), TestAccounts.PASSWORD);
        _click(_get(Button.class, spec -> spec.withText(MfaSection.CONTINUE)));
    }

    private void openProfile(SignedInAccount account) {
        signIn(account);
        UI.getCurrent().navigate(ProfileSettingsView.class);
    }

    private static Checkbox mfaSwitch() {
        return _get(Checkbox.class, spec -> spec.withLabel(MfaSection.SWITCH_LABEL));
    }

    private static String state() {
        List<Span> badges = _find(Span.class, spec -> spec.withId("mfa-state"));
        assertThat(badges).hasSize(1);
        return badges.get(0).getText();
    }
}
