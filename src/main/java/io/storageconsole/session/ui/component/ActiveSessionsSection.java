package io.storageconsole.session.ui.component;

import io.storageconsole.base.ui.component.VisuallyHidden;
import io.storageconsole.base.ui.BrowserZone;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.session.service.SessionLifetime;
import io.storageconsole.session.service.ActiveSession;
import io.storageconsole.session.service.MySessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** "Active sessions" in Profile Settings: every browser signed in to the account, each one can be ended. */
public class ActiveSessionsSection extends Div {

    public static final String TITLE = "Active sessions";
    public static final String THIS_BROWSER = "This browser";
    public static final String SIGN_OUT = "Sign out";
    public static final String SIGN_OUT_OTHERS = "Sign out all other sessions";

    private final MySessions sessions;
    private final Clock clock;
    private final Grid<ActiveSession> grid = new Grid<>();
    private final Button signOutOthers;

    public ActiveSessionsSection(MySessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
        addClassName("console-section");
        setId("active-sessions");

        grid.addComponentColumn(this::device).setHeader("Browser and system").setKey("device").setAutoWidth(true);
        grid.addColumn(ActiveSession::ip).setHeader("IP address").setKey("ip").setAutoWidth(true);
        grid.addColumn(session -> BrowserZone.minute(session.signedInAt())).setHeader("Signed in").setKey("signedIn")
                .setAutoWidth(true);
        grid.addColumn(session -> lastActive(session.lastActiveAt())).setHeader("Last active").setKey("lastActive")
                .setAutoWidth(true);
        // Kept in view at the grid's end: on a phone the other columns scroll sideways beneath it.
        grid.addComponentColumn(this::actions).setHeader(VisuallyHidden.text("Actions")).setKey("actions")
                .setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_COMPACT);

        signOutOthers = new Button(SIGN_OUT_OTHERS, click -> {
            int ended = sessions.endMyOtherSessions();
            refresh();
            notifyEnded(ended == 1 ? "1 other session was signed out." : ended + " other sessions were signed out.");
        });
        add(new H2(TITLE), new Paragraph(lifetimeText(sessions.myLifetime())), grid, signOutOthers);
        refresh();
    }

    private void refresh() {
        List<ActiveSession> mine = sessions.mine();
        grid.setItems(mine);
        signOutOthers.setEnabled(mine.stream().anyMatch(session -> !session.current()));
    }

    private Component device(ActiveSession session) {
        Div cell = new Div(new Span(session.device()));
        if (session.current()) {
            Span mark = new Span(THIS_BROWSER);
            mark.getElement().getThemeList().add("badge success small");
            mark.getStyle().set("margin-inline-start", "var(--lumo-space-s)");
            cell.add(mark);
        }
        return cell;
    }

    private Component actions(ActiveSession session) {
        if (session.current()) {
            return new Span();
        }
        Button signOut = new Button(SIGN_OUT, click -> {
            sessions.endMine(session.id());
            refresh();
            notifyEnded(session.device() + " was signed out. Its next request goes to the sign-in page.");
        });
        signOut.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        signOut.setAriaLabel(SIGN_OUT + " " + session.device() + " at " + session.ip());
        return signOut;
    }

    private String lastActive(Instant at) {
        Duration ago = Duration.between(at, clock.instant());
        if (ago.toMinutes() < 2) {
            return "Just now";
        }
        if (ago.toHours() < 1) {
            return ago.toMinutes() + " minutes ago";
        }
        if (ago.toDays() < 2) {
            return ago.toHours() == 1 ? "1 hour ago" : ago.toHours() + " hours ago";
        }
        return ago.toDays() + " days ago";
    }

    static String lifetimeText(SessionLifetime lifetime) {
        return "These browsers are signed in to your account. A session ends after "
                + SessionLifetime.describe(lifetime.inactivityTimeout()) + " without activity"
                + lifetime.absoluteLimit().map(limit -> ", and " + SessionLifetime.describe(limit)
                + " after signing in at the latest").orElse("")
                + ". Sign out any you do not recognise.";
    }

    private static void notifyEnded(String message) {
        Notices.success(message);
    }
}
