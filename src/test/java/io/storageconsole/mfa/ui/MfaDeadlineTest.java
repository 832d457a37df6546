package io.storageconsole.mfa.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.PasswordField;
import io.storageconsole.account.service.AccountRegistration;
import io.storageconsole.account.ui.view.ProfileSettingsView;
import io.storageconsole.base.text.Times;
import io.storageconsole.mfa.ui.component.MfaSection;
import io.storageconsole.organization.service.MfaEnforcementSettings;
import io.storageconsole.organization.ui.view.OrganizationPoliciesView;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import java.time.Duration;
import java.time.ZoneId;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Enforcement with a grace period, as the people it affects see it. */
class MfaDeadlineTest extends KaribuTest {

    @Autowired
    private MfaEnforcementSettings enforcement;

    @Autowired
    private AccountRegistration accounts;

    private SignedInAccount root;
    private SignedInAccount user;

    @BeforeEach
    void organizationEnforcingMfaWithSevenDaysGrace() {
        root = testAccounts.newOrganization();
        user = testAccounts.newSubUser(root);
        // A user with API keys only: no console sign-in, so MFA does not apply to them.
        accounts.provisionSubUser(root.organizationId(), TestAccounts.uniqueEmail("api"), null, clock.instant(), null);
        TestAccounts.signIn(root);
        enforcement.setMfaEnforcement(true, "7", TestAccounts.PASSWORD);
    }

    @Test
    void a_user_who_must_enrol_by_a_deadline_sees_a_banner_on_every_page_and_the_deadline_in_profile_settings() {
        signIn(user);
        UI.getCurrent().navigate(ProfileSettingsView.class);

        String deadline = "Set up MFA by " + Times.day(clock.instant().plus(Duration.ofDays(7)), ZoneId.of("UTC"));
        Div banner = _get(Div.class, spec -> spec.withId("mfa-deadline-banner"));
        assertThat(banner.getElement().getTextRecursively()).contains(deadline);
        assertThat(_get(Paragraph.class, spec -> spec.withId("mfa-deadline")).getText()).startsWith(deadline);
        _get(banner, Button.class, spec -> spec.withText(MfaSection.SET_UP_NOW));

        UI.getCurrent().navigate("no-such-page");
        _get(Div.class, spec -> spec.withId("mfa-deadline-banner"));
    }

    @Test
    void set_up_now_in_the_banner_opens_the_set_up() {
        signIn(user);
        UI.getCurrent().navigate(ProfileSettingsView.class);

        _click(_get(_get(Div.class, spec -> spec.withId("mfa-deadline-banner")), Button.class,
                spec -> spec.withText(MfaSection.SET_UP_NOW)));
        MockVaadin.clientRoundtrip();

        _get(PasswordField.class, spec -> spec.withLabel("Password"));
    }

    @Test
    void after_the_deadline_or_once_enrolled_there_is_no_banner() {
        testAccounts.enrolMfa(user, clock.instant());
        signIn(user);
        UI.getCurrent().navigate(ProfileSettingsView.class);
        _assertNone(Div.class, spec -> spec.withId("mfa-deadline-banner"));

        SignedInAccount other = testAccounts.newSubUser(root);
        clock.advance(Duration.ofDays(8));
        signIn(other);
        UI.getCurrent().navigate(ProfileSettingsView.class);
        _assertNone(Div.class, spec -> spec.withId("mfa-deadline-banner"));
    }

    @Test
    void the_roots_summary_counts_those_required_by_policy_and_shows_api_key_users_apart() {
        signIn(root);
        UI.getCurrent().navigate(OrganizationPoliciesView.class);

        org.jsoup.nodes.Element summary = Jsoup.parseBodyFragment(_get(Html.class, spec -> spec.withId("mfa-summary"))
                .getInnerHtml()).body();
        assertThat(summary.getElementById("mfa-required-figure").text()).isEqualTo("1 required by policy, not yet enrolled");
        assertThat(summary.getElementById("api-keys-only-figure").text()).isEqualTo("1 with API keys only (no console sign-in)");
        assertThat(summary.getElementById("mfa-off")).isNull();
    }
}
