package io.storageconsole.mfa.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.mfa.ui.view.SecondFactorView;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecondFactorViewTest extends KaribuTest {

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

    private void openAsChallenged() {
        SignedInAccount root = testAccounts.newOrganization();
        testAccounts.enrolMfa(root, clock.instant());
        signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        UI.getCurrent().navigate(SecondFactorView.class);
    }
}
