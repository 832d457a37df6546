package io.storageconsole.organization.ui.component;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import io.storageconsole.session.service.SessionLifetime;
import io.storageconsole.organization.service.SessionLifetimeSettings;
import io.storageconsole.organization.ui.component.SessionLifetimeSection.Unit;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

class SessionLifetimeSectionTest extends KaribuTest {

    @Autowired
    private SessionLifetimeSettings settings;

    private SignedInAccount root;

    @BeforeEach
    void openAsRoot() {
        root = testAccounts.newOrganization();
        signIn(root);
        UI.getCurrent().add(new SessionLifetimeSection(settings));
    }

    @Test
    void a_new_organization_shows_thirty_days_and_require_login_after_off() {
        assertThat(amount().getValue()).isEqualTo(30);
        assertThat(unit().getValue()).isEqualTo(Unit.DAYS);
        assertThat(requireLoginAfter().getValue()).isFalse();
        assertThat(days().isEnabled()).isFalse();
    }

    @Test
    void the_root_sets_fifteen_minutes_and_require_login_after_seven_days() {
        _setValue(amount(), 15);
        _setValue(unit(), Unit.MINUTES);
        _setValue(requireLoginAfter(), true);
        _setValue(days(), 7);

        _click(save());

        NotificationsKt.expectNotifications(SessionLifetimeSection.SAVED);
        assertThat(settings.sessionLifetimeOf(root.organizationId()))
                .isEqualTo(new SessionLifetime(Duration.ofMinutes(15), Duration.ofDays(7)));
    }

    @Test
    void minutes_that_make_whole_hours_are_shown_in_hours_after_saving() {
        _setValue(amount(), 180);
        _setValue(unit(), Unit.MINUTES);

        _click(save());

        assertThat(amount().getValue()).isEqualTo(3);
        assertThat(unit().getValue()).isEqualTo(Unit.HOURS);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "14, MINUTES, Choose an inactivity timeout from 15 minutes to 90 days.",
        "91, DAYS, Choose an inactivity timeout from 15 minutes to 90 days.",
        "0, HOURS, Choose an inactivity timeout from 15 minutes to 90 days.",
        "-5, DAYS, Choose an inactivity timeout from 15 minutes to 90 days.",
        "2147483647, DAYS, Choose an inactivity timeout from 15 minutes to 90 days.",
        "null, DAYS, Enter how long a session may stay inactive."
    })
    void a_bad_inactivity_timeout_gets_a_message_on_its_field_and_nothing_is_saved(Integer typed, Unit in, String message) {
        _setValue(amount(), typed);
        _setValue(unit(), in);

        _click(save());

        assertThat(amount().isInvalid()).isTrue();
        assertThat(amount().getErrorMessage()).isEqualTo(message);
        assertThat(settings.sessionLifetimeOf(root.organizationId())).isEqualTo(SessionLifetime.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null", "0", "91", "-1"})
    void require_login_after_without_one_to_ninety_days_gets_a_message(Integer typed) {
        _setValue(requireLoginAfter(), true);
        _setValue(days(), typed);

        _click(save());

        assertThat(days().isInvalid()).isTrue();
        assertThat(days().getErrorMessage()).isEqualTo("Choose 1 to 90 days, or turn this limit off.");
        assertThat(settings.sessionLifetimeOf(root.organizationId())).isEqualTo(SessionLifetime.DEFAULT);
    }

    private static IntegerField amount() {
        return _get(IntegerField.class, spec -> spec.withLabel(SessionLifetimeSection.INACTIVITY));
    }

    @SuppressWarnings("unchecked")
    private static Select<Unit> unit() {
        return _get(Select.class, spec -> spec.withLabel(SessionLifetimeSection.UNIT));
    }

    private static Checkbox requireLoginAfter() {
        return _get(Checkbox.class, spec -> spec.withLabel(SessionLifetimeSection.REQUIRE_LOGIN_AFTER));
    }

    private static IntegerField days() {
        return _get(IntegerField.class, spec -> spec.withLabel(SessionLifetimeSection.DAYS));
    }

    private static Button save() {
        return _get(Button.class, spec -> spec.withText(SessionLifetimeSection.SAVE));
    }
}
