package io.storageconsole.security.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.router.QueryParameters;
import elemental.json.JsonValue;
import io.storageconsole.testing.KaribuTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginViewTest extends KaribuTest {

    @Test
    void a_sign_in_answered_busy_says_so_and_asks_to_try_again() {
        UI.getCurrent().navigate("login", QueryParameters.simple(Map.of("busy", "")));

        LoginForm form = _get(LoginForm.class);
        assertThat(form.isError()).isTrue();
        assertThat(((JsonValue) form.getElement().getPropertyRaw("i18n")).toJson())
                .contains(LoginView.BUSY_TITLE, LoginView.BUSY);
    }
}
