package io.storageconsole.support.ui.component;

import com.vaadin.flow.component.dialog.Dialog;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.base.ui.component.Notices;

/**
 * Runs the change a support dialog confirms: field messages stay on the form; a refusal closes the
 * dialog, says why, and lets the page read itself again, as a success does.
 */
final class DialogChange {

    private DialogChange() {
    }

    static void run(Dialog dialog, FormErrors errors, Runnable change, Runnable onDone) {
        try {
            change.run();
            dialog.close();
            onDone.run();
        } catch (InvalidInputException e) {
            errors.show(e);
        } catch (ActionRefusedException e) {
            dialog.close();
            Notices.error(e.getMessage());
            onDone.run();
        }
    }
}
