package io.storageconsole.journeys;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import io.storageconsole.base.ui.component.DestructiveConfirmation;
import io.storageconsole.testing.KaribuTest;
import org.junit.jupiter.api.Test;

/** Destructive confirmations open with focus on Cancel: one Enter never does them. */
class FocusRulesTest extends KaribuTest {

    @Test
    void a_destructive_confirmation_marks_cancel_and_only_cancel_for_focus() {
        DestructiveConfirmation.of("Delete user?", "Delete them?", "Delete", () -> { }).open();

        DestructiveConfirmation dialog = _get(DestructiveConfirmation.class);
        assertThat(dialog.focusesCancel()).isTrue();
        assertThat(dialog.confirmButton().getElement().hasAttribute("autofocus")).isFalse();
    }

    @Test
    void closing_a_destructive_confirmation_does_not_run_the_action() {
        boolean[] ran = {false};
        DestructiveConfirmation.of("Reset MFA?", "Reset it?", "Reset MFA", () -> ran[0] = true).open();

        _get(DestructiveConfirmation.class).close();

        assertThat(ran[0]).isFalse();
        assertThat(UI.getCurrent().getChildren().filter(DestructiveConfirmation.class::isInstance)).isEmpty();
    }
}
