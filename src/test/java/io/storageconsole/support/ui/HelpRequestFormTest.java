package io.storageconsole.support.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.support.ui.component.HelpRequestForm;
import io.storageconsole.testing.KaribuTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The customer's side on the second sign-in step: "Lost your authenticator?" leads to a request for help. */
class HelpRequestFormTest extends KaribuTest {

    @Autowired
    private JdbcClient jdbc;

    private SignedInAccount user;

    @BeforeEach
    void aUserWithMfaAfterThePassword() {
        user = testAccounts.newSubUser(testAccounts.newOrganization());
        testAccounts.enrolMfa(user, clock.instant());
        signIn(testAccounts.atStage(user, SignInStage.MFA_CHALLENGE));
        UI.getCurrent().navigate(SecondFactorView.class);
    }

    @Test
    void lost_your_authenticator_offers_a_request_that_says_how_support_checks_identity_and_what_happens_next() {
        Details lost = _get(Details.class);
        assertThat(lost.getSummaryText()).isEqualTo(SecondFactorView.LOST_AUTHENTICATOR);
        _click(_get(lost, Button.class, spec -> spec.withText(HelpRequestForm.ASK)));

        assertThat(lost.getElement().getTextRecursively())
                .contains("support emails a one-time verification code to " + user.email())
                .contains("may ask you to read it back");
        _setValue(_get(TextArea.class, spec -> spec.withLabel(HelpRequestForm.DESCRIPTION)), "My phone was stolen yesterday.");
        _setValue(_get(TextField.class, spec -> spec.withLabel(HelpRequestForm.CONTACT)), "+41 44 000 00 00");
        _click(_get(Button.class, spec -> spec.withText(HelpRequestForm.SEND)));

        String shown = _get(HelpRequestForm.class).getElement().getTextRecursively();
        assertThat(shown).contains(HelpRequestForm.SENT).contains("What happens next")
                .contains("We emailed " + user.email() + " that a support request was opened")
                .contains("+41 44 000 00 00");
        assertThat(jdbc.sql("SELECT description FROM support_request WHERE open_account_id = ?").param(user.accountId())
                .query(String.class).single()).isEqualTo("My phone was stolen yesterday.");
    }

    @Test
    void empty_fields_get_messages_and_nothing_is_sent() {
        _click(_get(Button.class, spec -> spec.withText(HelpRequestForm.ASK)));
        _click(_get(Button.class, spec -> spec.withText(HelpRequestForm.SEND)));

        assertThat(_get(TextArea.class, spec -> spec.withLabel(HelpRequestForm.DESCRIPTION)).getErrorMessage()).isNotBlank();
        assertThat(_get(TextField.class, spec -> spec.withLabel(HelpRequestForm.CONTACT)).getErrorMessage()).isNotBlank();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM support_request WHERE account_id = ?").param(user.accountId())
                .query(Long.class).single()).isZero();
    }

    @Test
    void coming_back_shows_the_open_request_and_a_change_updates_it() {
        _click(_get(Button.class, spec -> spec.withText(HelpRequestForm.ASK)));
        _setValue(_get(TextArea.class, spec -> spec.withLabel(HelpRequestForm.DESCRIPTION)), "Lost phone");
        _setValue(_get(TextField.class, spec -> spec.withLabel(HelpRequestForm.CONTACT)), "old number");
        _click(_get(Button.class, spec -> spec.withText(HelpRequestForm.SEND)));

        UI.getCurrent().getPage().reload();
        UI.getCurrent().navigate(SecondFactorView.class);
        assertThat(_find(Button.class, spec -> spec.withText(HelpRequestForm.ASK))).isEmpty();
        _click(_get(Button.class, spec -> spec.withText(HelpRequestForm.CHANGE)));
        assertThat(_get(TextArea.class, spec -> spec.withLabel(HelpRequestForm.DESCRIPTION)).getValue()).isEqualTo("Lost phone");
        _setValue(_get(TextField.class, spec -> spec.withLabel(HelpRequestForm.CONTACT)), "new number");
        _click(_get(Button.class, spec -> spec.withText(HelpRequestForm.SEND)));

        assertThat(jdbc.sql("SELECT GROUP_CONCAT(contact) FROM support_request WHERE account_id = ?").param(user.accountId())
                .query(String.class).single()).isEqualTo("new number");
    }
}
