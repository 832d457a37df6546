package io.storageconsole.organization.ui.view;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadEvent;
import io.storageconsole.account.domain.MfaOverview;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.SubUserDirectory;
import io.storageconsole.account.ui.component.ConfirmAccessDialog;
import io.storageconsole.account.ui.component.SubUserGrid;
import io.storageconsole.base.ui.component.ActionSheet;
import io.storageconsole.base.ui.component.ChoiceSelect;
import io.storageconsole.base.ui.component.DestructiveConfirmation;
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
    static final String USERS_TAB = "Users";
    static final String ENFORCEMENT_TAB = "MFA enforcement";
    static final String LIFETIME_TAB = "Session lifetime";
    static final String MFA_OFF_FORBIDDEN = "Turning MFA off is not possible while MFA is enforced for your organization.";

    private final SubUserDirectory directory;
    private final MfaAdministration mfa;
    private final SubUserSessions sessions;
    private final PasswordConfirmation passwords;
    private final MfaEnforcementSettings enforcement;
    private final Span matching = new Span();
    private final long organizationId;
    private final SubUserGrid<UserRow> grid;
    // One element for the whole summary: a component per figure cost five state nodes each (BENCHMARKS.md).
    private final Html summary = new Html("<div id=\"mfa-summary\"></div>");
    private final Button bulkReset = new Button();

    public OrganizationPoliciesView(OrganizationService organizations, MfaEnforcementSettings enforcement,
                                    SubUserDirectory directory, MfaAdministration mfa, SubUserSessions sessions,
                                    SessionLifetimeSettings sessionLifetimes, PasswordConfirmation passwords) {
        this.directory = directory;
        this.mfa = mfa;
        this.sessions = sessions;
        this.passwords = passwords;
        this.enforcement = enforcement;
        this.organizationId = CurrentAccount.require().organizationId();
        addClassName("console-page");
        addClassName("console-workspace");
        setSizeFull();
        String name = organizations.nameOf(organizationId);

        grid = new SubUserGrid<>(directory, organizationId, this::withSessions, UserRow::user);
        grid.addEmailColumn();
        grid.addConsoleAccessColumn();
        grid.addMfaStateColumn();
        grid.addLastSignInColumn();
        grid.addColumn(UserRow::activeSessions).setHeader("Sessions").setKey("sessions")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addCreatedColumn();
        grid.addActionsColumn(this::openActions);
        grid.selectMany("Select");
        grid.addSelectionListener(selection -> updateBulkReset(selection.getAllSelectedItems().size()));
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.onCounted(count -> matching.setText(count == 1 ? "1 user matches" : count + " users match"));
        grid.setSizeFull();
        matching.setId("matching-users");
        matching.addClassName("console-count");

        bulkReset.addThemeVariants(ButtonVariant.LUMO_ERROR);
        bulkReset.addClickListener(click -> confirmBulkReset());
        updateBulkReset(0);

        TextField email = new TextField("Email contains");
        email.setClearButtonVisible(true);
        email.setValueChangeMode(ValueChangeMode.LAZY);
        ChoiceSelect<MfaState> mfaState = new ChoiceSelect<>("MFA state", MfaState.class, "All", MfaState::label);
        email.addValueChangeListener(change -> grid.filter(change.getValue(), mfaState.getValue()));
        mfaState.addValueChangeListener(change -> grid.filter(email.getValue(), change.getValue()));

        // The export writes rows while the database streams them, with the filter and order on screen.
        Anchor export = new Anchor(this::exportCsv, AttachmentType.DOWNLOAD, EXPORT_CSV);
        HorizontalLayout toolbar = new HorizontalLayout(email, mfaState, export, bulkReset, matching);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        toolbar.addClassName("console-toolbar");

        VerticalLayout usersTab = new VerticalLayout(summary, toolbar, grid);
        usersTab.setPadding(false);
        usersTab.setSizeFull();
        // The other sections are made when their tab is first opened: the grid's page stays light.
        Div enforcementTab = new Div();
        Div lifetimeTab = new Div();
        TabSheet tabs = new TabSheet();
        tabs.add(USERS_TAB, usersTab);
        Tab enforcementHeader = tabs.add(ENFORCEMENT_TAB, enforcementTab);
        Tab lifetimeHeader = tabs.add(LIFETIME_TAB, lifetimeTab);
        tabs.addSelectedChangeListener(selected -> {
            if (selected.getSelectedTab() == enforcementHeader && enforcementTab.getComponentCount() == 0) {
                enforcementTab.add(new MfaEnforcementSection(enforcement, this::refresh));
            } else if (selected.getSelectedTab() == lifetimeHeader && lifetimeTab.getComponentCount() == 0) {
                lifetimeTab.add(new SessionLifetimeSection(sessionLifetimes));
            }
        });
        tabs.setSizeFull();
        tabs.addClassName("console-tabs");

        H1 title = new H1("Organization-wide Policies");
        title.setTitle("Policies for every user of " + name);
        add(title, tabs);
        refreshSummary();
    }

    /** The actions on one sub-user; those the enforced policy forbids are not offered, with the reason. */
    void openActions(UserRow row) {
        SubUserRow user = row.user();
        ActionSheet sheet = new ActionSheet(user.email())
                .fact("Console access", user.accessLabel())
                .fact("MFA", user.mfaState().label())
                .fact("Active sessions", String.valueOf(row.activeSessions()));
        if (user.mfaState() == MfaState.OFF) {
            sheet.action(TURN_MFA_ON, () -> turnOn(user));
        } else {
            sheet.destructive(RESET_MFA, () -> confirmReset(user));
            if (enforcement.mfaEnforcement().enforced()) {
                sheet.unavailable(MFA_OFF_FORBIDDEN);
            } else {
                sheet.destructive(TURN_MFA_OFF, () -> confirmTurnOff(user));
            }
        }
        if (row.activeSessions() > 0) {
            sheet.destructive(END_SESSIONS, () -> confirmEndSessions(user));
        }
        sheet.open();
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
        DestructiveConfirmation.of(title, text, confirmText, () -> Notices.run(action, success, this::refresh)).open();
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
        MfaOverview counts = directory.mfaOverview(organizationId);
        boolean enforced = enforcement.mfaEnforcement().enforced();
        StringBuilder html = new StringBuilder("<div id=\"mfa-summary\">");
        figure(html, "mfa-active", counts.active(), "with MFA active");
        if (enforced) {
            figure(html, "mfa-required", counts.notEnrolled(), "required by policy, not yet enrolled");
        } else {
            figure(html, "mfa-pending", counts.pending(), "pending enrolment");
            figure(html, "mfa-off", counts.off(), "with MFA off");
        }
        // Users without console sign-in have no use for MFA: shown apart, never as a problem.
        figure(html, "api-keys-only", counts.apiKeysOnly(), "with API keys only (no console sign-in)");
        summary.setHtmlContent(html.append("</div>").toString());
    }

    /**
     * One figure: a number and a fixed label, nothing typed by anyone, so nothing to escape. A space
     * before each, so that a screen reader does not run one figure's label into the next number.
     */
    private static void figure(StringBuilder html, String id, long count, String label) {
        html.append(" <span id=\"").append(id).append("-figure\" class=\"console-figure\"><span id=\"").append(id)
                .append("\" class=\"console-figure-number\">").append(count).append("</span> ").append(label).append("</span>");
    }

    private void exportCsv(DownloadEvent download) throws IOException {
        download.setFileName("users.csv");
        download.setContentType("text/csv; charset=utf-8");
        try (OutputStream out = download.getOutputStream()) {
            directory.exportCsv(organizationId, grid.shownQuery(), out);
        }
    }
}
