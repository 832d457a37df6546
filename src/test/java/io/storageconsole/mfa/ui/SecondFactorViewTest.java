package io.storageconsole.mfa.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import io.storageconsole.testing.TestAccounts;
import io.storageconsole.security.CurrentAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecondFactorViewTest extends KaribuTest {

    @Autowired
    private JdbcClient jdbc;

    @ParameterizedTest
    @ValueSource(strings = {"abcdef", "12 34", "12345", "1234567", "' OR 1=1 --"})
    void bad_input_in_the_code_field_gets_a_message(String typed) {
        openAsChallenged();

        _setValue(_get(TextField.class, spec -> spec.withLabel(SecondFactorView.CODE_LABEL)), typed);
        _click(_get(Button.class, spec -> spec.withText("Verify")));

        assertThat(_get(TextField.class, spec -> spec.withLabel(SecondFactorView.CODE_LABEL)).getErrorMessage()).isNotBlank();
        _get(SecondFactorView.class);
    }

    @Test
    void ten_thousand_characters_in_the_recovery_code_field_get_a_message() {
        openAsChallenged();

        _setValue(_get(TextField.class, spec -> spec.withLabel(SecondFactorView.RECOVERY_LABEL)), "x".repeat(10_000));
        _click(_get(Button.class, spec -> spec.withText("Sign in with recovery code")));

        assertThat(_get(TextField.class, spec -> spec.withLabel(SecondFactorView.RECOVERY_LABEL)).getErrorMessage()).isNotBlank();
    }

    @Test
    void half_signed_in_every_other_page_leads_back_to_the_second_step() {
        openAsChallenged();

        for (String path : new String[] {"", "profile", "users", "organization-policies", "support"}) {
            UI.getCurrent().navigate(path);
            _get(SecondFactorView.class);
        }
    }

    @Test
    void a_recovery_code_sign_in_whose_record_fails_leaves_no_console_session_behind() {
        SignedInAccount root = testAccounts.newOrganization();
        TestAccounts.EnrolledMfa mfa = testAccounts.enrolMfa(root, clock.instant());
        signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        UI.getCurrent().navigate(SecondFactorView.class);
        _setValue(_get(TextField.class, spec -> spec.withLabel(SecondFactorView.RECOVERY_LABEL)), mfa.recoveryCodes().get(0));
        // The database refuses this account's "Signed in" record, as a lost node or a full disk might.
        jdbc.sql("CREATE OR REPLACE TRIGGER test_refused_sign_in BEFORE INSERT ON audit_event FOR EACH ROW "
                + "IF NEW.event_type = 'SIGN_IN' AND NEW.target_account_id = " + root.accountId() + " THEN "
                + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'sign-in record refused by the test'; END IF").update();
        Throwable refused;
        try {
            refused = catchThrowable(() -> _click(_get(Button.class, spec -> spec.withText("Sign in with recovery code"))));
        } finally {
            jdbc.sql("DROP TRIGGER test_refused_sign_in").update();
        }

        assertThat(refused).rootCause().hasMessageContaining("sign-in record refused by the test");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?").param(root.accountId())
                .query(Long.class).single()).as("console sessions of the account").isZero();
        assertThat(CurrentAccount.find()).as("a complete sign-in on this thread").isEmpty();
    }

    private void openAsChallenged() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        UI.getCurrent().navigate(SecondFactorView.class);
    }
}
