package io.storageconsole.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ErrorHandler;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.ConcurrentChangeException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.security.access.AccessDeniedException;

/**
 * What a person sees when an action fails in a way its view did not handle: a notification in plain
 * words, never the exception's text (which may name ids or SQL). Refusals whose message is meant
 * for people (a concurrent change, a refused action) are shown as they are; a refused access (a
 * stale tab acting on something gone or no longer allowed) and a database too busy say so; anything
 * else is logged with a reference the person can quote to support.
 */
@org.springframework.stereotype.Component
public class ConsoleErrorHandler implements ErrorHandler, VaadinServiceInitListener {

    public static final String ACCESS_REFUSED = "That is no longer possible: what you acted on was changed or removed, "
            + "or your access to it changed. Reload the page to see the current state.";
    public static final String BUSY = "The console is busy with the same account right now. Try again in a moment.";
    static final String UNEXPECTED = "Something went wrong, and nothing was changed by it as far as we know. "
            + "Try again; if it happens again, contact support and quote reference ";

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrorHandler.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(this));
    }

    @Override
    public void error(ErrorEvent event) {
        if (browserWentAway(event.getThrowable())) {
            // The page was closed while its answer was being written: nobody is left to tell.
            log.debug("A browser went away before its answer was written: {}", event.getThrowable().toString());
            return;
        }
        String message = messageFor(event.getThrowable());
        Optional<UI> ui = event.getComponent().flatMap(Component::getUI).or(() -> Optional.ofNullable(UI.getCurrent()));
        ui.filter(UI::isAttached).ifPresent(current -> current.access(() -> Notification.show(message, 10000,
                Notification.Position.TOP_CENTER).addThemeVariants(NotificationVariant.LUMO_ERROR)));
    }

    /** Tomcat's ClientAbortException (by name: this module does not depend on Tomcat) or a UI already gone. */
    static boolean browserWentAway(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof UIDetachedException || cause.getClass().getSimpleName().equals("ClientAbortException")) {
                return true;
            }
        }
        return false;
    }

    public static String messageFor(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ActionRefusedException || cause instanceof ConcurrentChangeException) {
                return cause.getMessage();
            }
            if (cause instanceof AccessDeniedException) {
                log.info("Refused in the UI: {}", cause.getMessage());
                return ACCESS_REFUSED;
            }
            // A database node gone through every run (decision 0036) is waited out like contention.
            if (cause instanceof ConcurrencyFailureException || ConflictRetry.isBusy(cause)) {
                log.warn("Database contention or failover reached the UI: {}", cause.getMessage());
                return BUSY;
            }
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error in the UI, reference {}", reference, thrown);
        return UNEXPECTED + reference + ".";
    }
}
