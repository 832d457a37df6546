package io.storageconsole.organization.ui.view;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.component.grid.Grid;
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
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.SubUserDirectory;
import io.storageconsole.account.ui.component.ConfirmAccessDialog;
import io.storageconsole.account.ui.component.SubUserGrid;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.mfa.service.MfaAdministration;
import io.storageconsole.organization.service.MfaEnforcementSettings;
import io.storageconsole.organization.service.OrganizationService;
import io.storageconsole.organization.service.SessionLifetimeSettings;
import io.storageconsole.organization.ui.component.MfaEnforcementSection;
import io.storageconsole.organization.ui.component.SessionLifetimeSection;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.session.service.SubUserSessions;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Route("organization-policies")
@PageTitle("Organization-wide Policies · Storage Console")
@Menu(order = 2, title = "Organization-wide Policies", icon = "vaadin:shield")
@RolesAllowed(Roles.ROOT)
public class OrganizationPoliciesView extends VerticalLayout {

    /** A row of the grid: the sub-user and their live sessions, counted with the page the row came in. */
    record UserRow(SubUserRow user, int activeSessions) {
    }

    static final String EXPORT_CSV = "Export CSV";
    static final String RESET_MFA = "Reset MFA";
    static final String TURN_MFA_ON = "Turn MFA on";
    static final String TURN_MFA_OFF = "Turn MFA off";
    static final String END_SESSIONS = "End sessions";

    private final SubUserDirectory directory;
    private final MfaAdministration mfa;
    private final SubUserSessions sessions;
    private final PasswordConfirmation passwords;
    private final long organizationId;
    private final SubUserGrid<UserRow> grid;
    private final Div summary = new Div();
    private final Button bulkReset = new Button();

    public OrganizationPoliciesView(OrganizationService organizations, MfaEnforcementSettings enforcement,
                                    SubUserDirectory directory, MfaAdministration mfa, SubUserSessions sessions,
                                    SessionLifetimeSettings sessionLifetimes, PasswordConfirmation passwords) {
        this.directory = directory;
        this.mfa = mfa;
        this.sessions = sessions;
        this.passwords = passwords;
        this.organizationId = CurrentAccount.require().organizationId();
        addClassName("console-page");
        setSizeFull();
        String name = organizations.nameOf(organizationId);

        grid = new SubUserGrid<>(directory, organizationId, this::withSessions, UserRow::user);
        grid.addEmailColumn();
        grid.addMfaStateColumn();
        grid.addLastSignInColumn();
        grid.addColumn(UserRow::activeSessions).setHeader("Active sessions").setKey("sessions")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addCreatedColumn();
        // A Lit template, not components: 50 rows of buttons as server components would cost
        // several hundred KB per open view (see BENCHMARKS.md).
        grid.addColumn(LitRenderer.<UserRow>of(
                        "<vaadin-button theme='tertiary small' ?hidden=${!item.mfaOn} @click=${reset}>" + RESET_MFA + "</vaadin-button>"
                                + "<vaadin-button theme='tertiary small' ?hidden=${!item.mfaOn} @click=${turnOff}>" + TURN_MFA_OFF + "</vaadin-button>"
                                + "<vaadin-button theme='tertiary small' ?hidden=${item.mfaOn} @click=${turnOn}>" + TURN_MFA_ON + "</vaadin-button>"
                                + "<vaadin-button theme='tertiary small' ?hidden=${!item.signedIn} @click=${endSessions}>" + END_SESSIONS + "</vaadin-button>")
                        .withProperty("mfaOn", row -> row.user().mfaState() != MfaState.OFF)
                        .withProperty("signedIn", row -> row.activeSessions() > 0)
                        .withFunction("endSessions", row -> confirmEndSessions(row.user()))
                        .withFunction("reset", row -> confirmReset(row.user()))
                        .withFunction("turnOff", row -> confirmTurnOff(row.user()))
                        .withFunction("turnOn", row -> turnOn(row.user())))
                .setHeader("Actions").setKey("actions").setAutoWidth(true).setFlexGrow(0);
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addSelectionListener(selection -> updateBulkReset(selection.getAllSelectedItems().size()));
        grid.setSizeFull();

        bulkReset.addThemeVariants(ButtonVariant.LUMO_ERROR);
        bulkReset.addClickListener(click -> confirmBulkReset());
        updateBulkReset(0);

        TextField email = new TextField("Email contains");
        email.setClearButtonVisible(true);
        email.setValueChangeMode(ValueChangeMode.LAZY);
        Select<MfaState> mfaState = new Select<>();
        mfaState.setLabel("MFA state");
        mfaState.setItems(MfaState.values());
        // Select asks for the label of the empty selection too.
        mfaState.setItemLabelGenerator(state -> state == null ? "All" : state.label());
        mfaState.setEmptySelectionAllowed(true);
        mfaState.setEmptySelectionCaption("All");
        email.addValueChangeListener(change -> grid.filter(change.getValue(), mfaState.getValue()));
        mfaState.addValueChangeListener(change -> grid.filter(email.getValue(), change.getValue()));

        // The export writes rows while the database streams them, with the filter and order on screen.
        Anchor export = new Anchor(this::exportCsv, AttachmentType.DOWNLOAD, EXPORT_CSV);
        HorizontalLayout toolbar = new HorizontalLayout(email, mfaState, export, bulkReset);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        add(new H1("Organization-wide Policies"),
                new Paragraph("Policies for every user of " + name + "."),
                new MfaEnforcementSection(enforcement, this::refresh),
                new SessionLifetimeSection(sessionLifetimes),
                new H2("Multi-Factor Authentication"),
                summary, toolbar, grid);
        refreshSummary();
    }

    /** One page of rows, with the sessions of the page's users counted in one query. */
    private List<UserRow> withSessions(List<SubUserRow> page) {
        Map<Long, Integer> counts = sessions.activeSessionCounts(page.stream().map(SubUserRow::id).toList());
        return page.stream().map(user -> new UserRow(user, counts.getOrDefault(user.id(), 0))).toList();
    }

    // Every action on a sub-user first asks for the root's password, unless given in the last minutes.

    void confirmReset(SubUserRow user) {
        ConfirmAccessDialog.thenRun(passwords, () -> confirm("Reset MFA for " + user.email() + "?",
                "Their authenticator device and recovery codes stop working, they are signed out everywhere, and "
                        + "they set up MFA again at their next sign-in. They are told by email.", RESET_MFA,
                () -> mfa.reset(user.id(), user.version())));
    }

    void confirmTurnOff(SubUserRow user) {
        ConfirmAccessDialog.thenRun(passwords, () -> confirm("Turn MFA off for " + user.email() + "?",
                "They are signed out everywhere and will sign in with email and password only. They are told by email.",
                TURN_MFA_OFF, () -> mfa.turnOff(user.id(), user.version())));
    }

    void confirmEndSessions(SubUserRow user) {
        ConfirmAccessDialog.thenRun(passwords, () -> confirm("End the sessions of " + user.email() + "?",
                "They are signed out everywhere at their next request and must sign in again.", END_SESSIONS,
                () -> sessions.endSessionsOfSubUser(user.id()), user.email() + " is signed out everywhere."));
    }

    void turnOn(SubUserRow user) {
        ConfirmAccessDialog.thenRun(passwords, () -> Notices.run(() -> mfa.require(user.id(), user.version()),
                "MFA is on for " + user.email() + ": they set it up at their next sign-in.", this::refresh));
    }

    private void confirm(String title, String text, String confirmText, Runnable action) {
        confirm(title, text, confirmText, action, title.replace("?", ": done."));
    }

    private void confirm(String title, String text, String confirmText, Runnable action, String success) {
        ConfirmDialog dialog = new ConfirmDialog(title, text, confirmText, confirmed -> Notices.run(action, success, this::refresh));
        dialog.setConfirmButtonTheme("error primary");
        dialog.setCancelable(true);
        dialog.open();
    }

    private void confirmBulkReset() {
        // The versions the root sees now: a user changed by then is left alone and counted.
        Map<Long, Integer> seen = new LinkedHashMap<>();
        grid.getSelectedItems().forEach(row -> seen.put(row.user().id(), row.user().version()));
        ConfirmAccessDialog.thenRun(passwords, () -> confirm("Reset MFA for " + seen.size() + " users?",
                "Each selected user with MFA on is signed out everywhere, sets it up again at the next sign-in and is "
                        + "told by email. Users with MFA off are left as they are.", RESET_MFA,
                () -> {
                    MfaAdministration.BulkReset result = mfa.resetAll(seen);
                    if (result.changed() == 0 && result.gone() == 0) {
                        Notices.success(bulkResetMessage(result));
                    } else {
                        Notices.warning(bulkResetMessage(result));
                    }
                }, null));
    }

    static String bulkResetMessage(MfaAdministration.BulkReset result) {
        StringBuilder message = new StringBuilder("MFA was reset for " + result.reset() + " of " + result.selected()
                + " selected users.");
        if (result.changed() > 0) {
            message.append(' ').append(result.changed() == 1 ? "1 user was" : result.changed() + " users were")
                    .append(" changed by someone else since you loaded the list and left as they are: check and try again.");
        }
        if (result.gone() > 0) {
            message.append(' ').append(result.gone() == 1 ? "1 user no longer exists." : result.gone() + " users no longer exist.");
        }
        return message.toString();
    }

    private void refresh() {
        grid.deselectAll();
        grid.refresh();
        refreshSummary();
    }

    private void updateBulkReset(int selected) {
        bulkReset.setText(selected == 0 ? "Reset MFA of selected users" : "Reset MFA of " + selected + " selected users");
        bulkReset.setEnabled(selected > 0);
    }

    private void refreshSummary() {
        summary.removeAll();
        summary.add(summary(directory.mfaCounts(organizationId)));
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
