package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.ConcurrentChangeException;
import io.storageconsole.base.service.InvalidInputException;

/**
 * The console's notifications, and the one way a view runs a change and reports it: done in a
 * success notice, refused (by the rules or by someone else's change) in an error notice with the
 * service's own words. Anything else is the error handler's (ConsoleErrorHandler).
 */
public final class Notices {

    private Notices() {
    }

    public static void success(String text) {
        show(text, 5000, NotificationVariant.LUMO_SUCCESS);
    }

    public static void warning(String text) {
        show(text, 10000, NotificationVariant.LUMO_WARNING);
    }

    public static void error(String text) {
        show(text, 8000, NotificationVariant.LUMO_ERROR);
    }

    /** A notice that states a fact without praise or alarm (an action that did nothing, say). */
    public static void info(String text) {
        show(text, 8000, NotificationVariant.LUMO_CONTRAST);
    }

    /** A brief word at the edge of the page that an action in place was done ("Key copied."). */
    public static void brief(String text) {
        Notification.show(text, 2000, Notification.Position.BOTTOM_START);
    }

    /**
     * Runs a change and says how it went: {@code success} (none when null) or the refusal's message;
     * {@code then} runs either way, so the view shows the truth again.
     */
    public static void run(Runnable change, String success, Runnable then) {
        run(null, change, success, then);
    }

    /**
     * The same for a change a form confirms (a dialog's): bad input is shown on the form's fields and
     * nothing else happens, so the form stays open to be corrected; a refusal is said, as above.
     */
    public static void run(FormErrors form, Runnable change, String success, Runnable then) {
        boolean settled = true;
        try {
            change.run();
            if (success != null) {
                success(success);
            }
        } catch (InvalidInputException badInput) {
            if (form == null) {
                throw badInput;
            }
            if (!form.show(badInput)) {
                error(String.join(" ", badInput.fieldErrors().values()));
            }
            settled = false;
        } catch (ConcurrentChangeException | ActionRefusedException refused) {
            error(refused.getMessage());
        } finally {
            if (settled) {
                then.run();
            }
        }
    }

    private static void show(String text, int milliseconds, NotificationVariant variant) {
        Notification.show(text, milliseconds, Notification.Position.TOP_CENTER).addThemeVariants(variant);
    }
}
