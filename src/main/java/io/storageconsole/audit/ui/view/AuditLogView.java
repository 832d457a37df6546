package io.storageconsole.audit.ui.view;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadEvent;
import io.storageconsole.audit.domain.AuditQuery;
import io.storageconsole.audit.service.AuditEntry;
import io.storageconsole.base.event.EventLabels;
import io.storageconsole.audit.service.OrganizationAuditLog;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.ui.BrowserZone;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The root user's audit log of the whole organization: filtered by user, event type and days (in
 * the browser's time zone, both ends included), read a page at a time as the grid scrolls, counted
 * up to a cap, exported as CSV in UTC.
 */
@Route("audit-log")
@PageTitle("Audit log · Storage Console")
@Menu(order = 4, title = "Audit log", icon = "vaadin:records")
@RolesAllowed(Roles.ROOT)
public class AuditLogView extends VerticalLayout {

    static final String EXPORT_CSV = "Export CSV";
    static final String NO_MATCH = "No events match.";
    static final String RANGE_REVERSED = "The end date is before the start date.";

    private final OrganizationAuditLog auditLog;
    private final long organizationId;
    private final Grid<AuditEntry> grid = new Grid<>();
    private final Span matching = new Span();
    private final TextField user = new TextField("User email contains");
    private final Select<SecurityEventType> type = new Select<>();
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To");
    // Read by the CSV download, which runs outside the UI lock.
    private volatile AuditQuery shown = AuditQuery.all();

    public AuditLogView(OrganizationAuditLog auditLog) {
        this.auditLog = auditLog;
        this.organizationId = CurrentAccount.require().organizationId();
        addClassName("console-page");
        addClassName("console-workspace");
        setSizeFull();

        grid.addColumn(entry -> BrowserZone.minute(entry.occurredAt())).setHeader("Time").setKey("time")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEntry::event).setHeader("Event").setKey("event").setAutoWidth(true);
        grid.addColumn(AuditEntry::actor).setHeader("Actor").setKey("actor").setAutoWidth(true);
        grid.addColumn(AuditEntry::target).setHeader("Target").setKey("target").setAutoWidth(true);
        grid.addColumn(AuditEntry::ip).setHeader("IP address").setKey("ip").setAutoWidth(true);
        grid.addColumn(AuditEntry::device).setHeader("Browser").setKey("device").setAutoWidth(true);
        grid.addColumn(AuditEntry::details).setHeader("Details").setKey("details").setAutoWidth(true);
        grid.setItems(query -> auditLog.page(organizationId, shown, query.getOffset(), query.getLimit()).stream());
        grid.setEmptyStateText(NO_MATCH);
        grid.getElement().setAttribute("aria-label", "Audit log");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setSizeFull();

        user.setClearButtonVisible(true);
        user.setHelperText("A complete address finds that user only");
        user.setValueChangeMode(ValueChangeMode.LAZY);
        type.setLabel("Event type");
        type.setItems(EventLabels.byLabel());
        // Select asks for the label of the empty selection too.
        type.setItemLabelGenerator(item -> item == null ? "Any event" : EventLabels.of(item));
        type.setEmptySelectionAllowed(true);
        type.setEmptySelectionCaption("Any event");
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        user.addValueChangeListener(change -> filter());
        type.addValueChangeListener(change -> filter());
        from.addValueChangeListener(change -> filter());
        to.addValueChangeListener(change -> filter());

        // The export writes rows while the database streams them, with the filter on screen.
        Anchor export = new Anchor(this::exportCsv, AttachmentType.DOWNLOAD, EXPORT_CSV);
        matching.setId("matching-events");
        matching.addClassName("console-count");
        HorizontalLayout toolbar = new HorizontalLayout(user, type, from, to, export, matching);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        toolbar.addClassName("console-toolbar");

        add(new H1("Audit log"),
                new Paragraph("Every security event of your organization, newest first. Times are in your time zone ("
                        + BrowserZone.current().getId() + "); the export is in UTC."),
                toolbar, grid);
        count();
    }

    /** Applies the filters on screen; a range that ends before it starts is refused on its field. */
    private void filter() {
        ZoneId zone = BrowserZone.current();
        LocalDate first = from.getValue();
        LocalDate last = to.getValue();
        if (first != null && last != null && last.isBefore(first)) {
            to.setErrorMessage(RANGE_REVERSED);
            to.setInvalid(true);
            return;
        }
        to.setInvalid(false);
        Instant start = first == null ? null : first.atStartOfDay(zone).toInstant();
        Instant end = last == null ? null : last.plusDays(1).atStartOfDay(zone).toInstant();
        shown = new AuditQuery(user.getValue(), type.getValue() == null ? null : type.getValue().name(), start, end);
        grid.getDataProvider().refreshAll();
        count();
    }

    private void count() {
        long count = auditLog.count(organizationId, shown);
        matching.setText(count > OrganizationAuditLog.COUNT_CAP
                ? String.format(Locale.ENGLISH, "More than %,d events match", OrganizationAuditLog.COUNT_CAP)
                : count == 1 ? "1 event matches" : String.format(Locale.ENGLISH, "%,d events match", count));
    }

    private void exportCsv(DownloadEvent download) throws IOException {
        download.setFileName("audit-log.csv");
        download.setContentType("text/csv; charset=utf-8");
        try (OutputStream out = download.getOutputStream()) {
            auditLog.exportCsv(organizationId, shown, out);
        }
    }
}
