package io.storageconsole.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import io.storageconsole.base.text.Times;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time zone of the person's browser, for times on pages (mails and exports stay in UTC). Asked
 * of the browser once per session; until it answers, and where it names no valid zone, UTC.
 */
public final class BrowserZone {

    private static final String ATTRIBUTE = BrowserZone.class.getName();
    private static final ZoneId UTC = ZoneId.of("UTC");

    private BrowserZone() {
    }

    public static ZoneId current() {
        VaadinSession session = VaadinSession.getCurrent();
        Object zone = session == null ? null : session.getAttribute(ATTRIBUTE);
        return zone instanceof ZoneId known ? known : UTC;
    }

    /** "2026-11-30 15:05 CET" in this browser's zone. */
    public static String minute(Instant instant) {
        return Times.minute(instant, current());
    }

    /** "6 Dec 2026" in this browser's zone. */
    public static String day(Instant instant) {
        return Times.day(instant, current());
    }

    /**
     * Asks the browser for its zone if this session does not know it yet. The answer comes after
     * the page was drawn; if it is not UTC, the page is drawn again once, in that zone.
     */
    static void learn(UI ui) {
        VaadinSession session = ui.getSession();
        if (session.getAttribute(ATTRIBUTE) != null) {
            return;
        }
        ui.getPage().retrieveExtendedClientDetails(details -> {
            ZoneId zone = parse(details.getTimeZoneId());
            session.setAttribute(ATTRIBUTE, zone);
            if (!zone.normalized().equals(ZoneOffset.UTC)) {
                ui.getPage().reload();
            }
        });
    }

    /** Sets the zone of a session whose browser is known otherwise (a test's browser in UTC). */
    public static void remember(VaadinSession session, ZoneId zone) {
        session.setAttribute(ATTRIBUTE, zone);
    }

    private static ZoneId parse(String id) {
        try {
            return id == null || id.isBlank() ? UTC : ZoneId.of(id);
        } catch (DateTimeException unknown) {
            return UTC;
        }
    }
}
