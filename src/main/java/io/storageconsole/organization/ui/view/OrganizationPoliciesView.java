package io.storageconsole.organization.ui.view;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
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
import io.storageconsole.account.domain.MfaCounts;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.SubUserDirectory;
import io.storageconsole.organization.service.OrganizationService;
import io.storageconsole.organization.ui.component.SubUserGrid;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.io.OutputStream;

@Route("organization-policies")
@PageTitle("Organization-wide Policies · Storage Console")
@Menu(order = 2, title = "Organization-wide Policies", icon = "vaadin:shield")
@RolesAllowed(Roles.ROOT)
public class OrganizationPoliciesView extends VerticalLayout {

    static final String EXPORT_CSV = "Export CSV";

    private final SubUserDirectory directory;
    private final long organizationId;
    private final SubUserGrid grid;

    public OrganizationPoliciesView(OrganizationService organizations, SubUserDirectory directory) {
        this.directory = directory;
        this.organizationId = CurrentAccount.require().organizationId();
        addClassName("console-page");
        setSizeFull();
        String name = organizations.nameOf(organizationId);

        grid = new SubUserGrid(directory, organizationId);
        grid.addEmailColumn();
        grid.addMfaStateColumn();
        grid.addLastSignInColumn();
        grid.addCreatedColumn();
        grid.setSizeFull();

        TextField email = new TextField("Email starts with");
        email.setClearButtonVisible(true);
        email.setValueChangeMode(ValueChangeMode.LAZY);
        Select<MfaState> mfaState = new Select<>();
        mfaState.setLabel("MFA state");
        mfaState.setItems(MfaState.values());
        // Select asks for the label of the empty selection too.
        mfaState.setItemLabelGenerator(state -> state == null ? "All" : SubUserGrid.mfaStateText(state));
        mfaState.setEmptySelectionAllowed(true);
        mfaState.setEmptySelectionCaption("All");
        email.addValueChangeListener(change -> grid.filter(change.getValue(), mfaState.getValue()));
        mfaState.addValueChangeListener(change -> grid.filter(email.getValue(), change.getValue()));

        // The export writes rows while the database streams them, with the filter and order on screen.
        Anchor export = new Anchor(this::exportCsv, AttachmentType.DOWNLOAD, EXPORT_CSV);
        HorizontalLayout toolbar = new HorizontalLayout(email, mfaState, export);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        add(new H1("Organization-wide Policies"),
                new Paragraph("Policies for every user of " + name + "."),
                new H2("Multi-Factor Authentication"),
                summary(directory.mfaCounts(organizationId)),
                toolbar, grid);
    }

    private static HorizontalLayout summary(MfaCounts counts) {
        HorizontalLayout summary = new HorizontalLayout(
                figure("mfa-active", counts.active(), "sub-users with MFA active"),
                figure("mfa-pending", counts.pending(), "sub-users pending enrolment"),
                figure("mfa-off", counts.off(), "sub-users with MFA off"));
        summary.setSpacing(true);
        return summary;
    }

    private static Div figure(String id, long count, String label) {
        Span number = new Span(String.valueOf(count));
        number.setId(id);
        number.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600");
        Span caption = new Span(label);
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Div figure = new Div(number, new Div(caption));
        figure.getStyle().set("padding-right", "var(--lumo-space-xl)");
        return figure;
    }

    private void exportCsv(DownloadEvent download) throws IOException {
        download.setFileName("users.csv");
        download.setContentType("text/csv; charset=utf-8");
        try (OutputStream out = download.getOutputStream()) {
            directory.exportCsv(organizationId, grid.shownQuery(), out);
        }
    }
}
