package io.storageconsole.audit.ui.component;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import io.storageconsole.audit.service.ActivityEntry;
import io.storageconsole.audit.service.SecurityActivity;
import io.storageconsole.base.ui.BrowserZone;

/**
 * "Security activity" in Profile Settings: the events about the user's own account, newest first,
 * fetched a page at a time as the grid scrolls (no count: the grid grows as it is read).
 */
public class SecurityActivitySection extends Div {

    public static final String TITLE = "Security activity";
    public static final String EMPTY = "No security events yet.";

    public SecurityActivitySection(SecurityActivity activity) {
        addClassName("console-section");
        setId("security-activity");
        Grid<ActivityEntry> grid = new Grid<>();
        grid.addColumn(entry -> BrowserZone.minute(entry.occurredAt())).setHeader("Time").setKey("time")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(ActivityEntry::event).setHeader("Event").setKey("event").setAutoWidth(true);
        grid.addColumn(ActivityEntry::by).setHeader("By").setKey("by").setAutoWidth(true);
        grid.addColumn(ActivityEntry::device).setHeader("Browser and system").setKey("device").setAutoWidth(true);
        grid.addColumn(ActivityEntry::ip).setHeader("IP address").setKey("ip").setAutoWidth(true);
        grid.addColumn(ActivityEntry::details).setHeader("Details").setKey("details").setAutoWidth(true);
        grid.setItems(query -> activity.mine(query.getOffset(), query.getLimit()).stream());
        grid.setEmptyStateText(EMPTY);
        grid.getElement().setAttribute("aria-label", TITLE);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setId("security-activity-grid");
        grid.setHeight("20rem");
        add(new H2(TITLE), new Paragraph("Sign-ins, MFA changes, ended sessions and support actions on your account, "
                + "newest first. Times are in your time zone (" + BrowserZone.current().getId() + ")."), grid);
    }
}
