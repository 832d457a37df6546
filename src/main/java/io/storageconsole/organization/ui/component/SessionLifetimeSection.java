package io.storageconsole.organization.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.session.service.SessionLifetime;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.organization.service.SessionLifetimeSettings;
import java.time.Duration;

/** The root's session lifetime for the whole organization: inactivity timeout and "Require login after". */
public class SessionLifetimeSection extends Div {

    public static final String INACTIVITY = "Inactivity timeout";
    public static final String UNIT = "Unit";
    public static final String REQUIRE_LOGIN_AFTER = "Require login after";
    public static final String DAYS = "Days after sign-in";
    public static final String SAVE = "Save session lifetime";
    public static final String SAVED = "Session lifetime saved. Every session of your organization follows it from its next request.";

    /** The units the inactivity timeout is typed in. */
    public enum Unit {
        MINUTES("minutes", 1), HOURS("hours", 60), DAYS("days", 24 * 60);

        private final String label;
        private final long minutes;

        Unit(String label, long minutes) {
            this.label = label;
            this.minutes = minutes;
        }

        public String label() {
            return label;
        }
    }

    private final SessionLifetimeSettings settings;
    private final IntegerField amount = new IntegerField(INACTIVITY);
    private final Select<Unit> unit = new Select<>();
    private final Checkbox requireLogin = new Checkbox(REQUIRE_LOGIN_AFTER);
    private final IntegerField days = new IntegerField(DAYS);

    public SessionLifetimeSection(SessionLifetimeSettings settings) {
        this.settings = settings;
        addClassName("console-section");
        setId("session-lifetime");

        amount.setHelperText("15 minutes to 90 days. The default is 30 days.");
        amount.setMin(1);
        unit.setLabel(UNIT);
        unit.setItems(Unit.values());
        unit.setItemLabelGenerator(Unit::label);
        unit.setEmptySelectionAllowed(false);
        days.setSuffixComponent(new Span("days"));
        days.setHelperText("1 to 90 days. Sessions then end that long after signing in, however active.");
        days.setMin(SessionLifetime.MIN_REQUIRE_LOGIN_AFTER_DAYS);
        days.setMax(SessionLifetime.MAX_REQUIRE_LOGIN_AFTER_DAYS);
        requireLogin.addValueChangeListener(change -> days.setEnabled(change.getValue()));
        FormErrors errors = new FormErrors().field("inactivityTimeout", amount).field("requireLoginAfter", days);

        Button save = new Button(SAVE, click -> {
            try {
                show(settings.change(inactivity(), requireLogin.getValue(), days.getValue()));
                errors.clear();
                Notices.success(SAVED);
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        HorizontalLayout inactivity = new HorizontalLayout(amount, unit);
        inactivity.setAlignItems(FlexComponent.Alignment.BASELINE);
        inactivity.addClassName("console-toolbar");
        add(new H2("Session lifetime"),
                new Paragraph("A session ends when it has been inactive for the inactivity timeout, and, if you "
                        + "require it, a number of days after signing in whatever the activity. A change applies "
                        + "to every session of your organization at its next request."),
                inactivity, requireLogin, days, save);
        show(settings.current());
    }

    private Duration inactivity() {
        Integer value = amount.getValue();
        return value == null || unit.getValue() == null ? null : Duration.ofMinutes(value * unit.getValue().minutes);
    }

    private void show(SessionLifetime lifetime) {
        long minutes = lifetime.inactivityTimeout().toMinutes();
        Unit largest = minutes % Unit.DAYS.minutes == 0 ? Unit.DAYS
                : minutes % Unit.HOURS.minutes == 0 ? Unit.HOURS : Unit.MINUTES;
        amount.setValue((int) (minutes / largest.minutes));
        unit.setValue(largest);
        requireLogin.setValue(lifetime.absoluteLimit().isPresent());
        days.setValue(lifetime.absoluteLimit().map(limit -> (int) limit.toDays()).orElse(null));
        days.setEnabled(requireLogin.getValue());
    }
}
