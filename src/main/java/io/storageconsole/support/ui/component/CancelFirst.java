package io.storageconsole.support.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;

/**
 * Opens a destructive confirmation with the focus on "Cancel", so Enter or Space alone never
 * confirms it. Vaadin's focus trap ignores autofocus and puts the focus on the overlay once it has
 * opened, so the focus is moved to the button when the overlay says it is open.
 */
public final class CancelFirst {

    private CancelFirst() {
    }

    public static void apply(Dialog dialog, Button cancel) {
        cancel.setAutofocus(true);
        dialog.getElement().executeJs("const overlay = this.$ && this.$.overlay;"
                + "if (overlay) { overlay.addEventListener('vaadin-overlay-open', () => $0.focus(), {once: true}); }",
                cancel.getElement());
    }
}
