package io.storageconsole.support.ui.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.text.Times;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.organization.service.OrganizationLookup.NameKey;
import io.storageconsole.security.Roles;
import io.storageconsole.support.domain.QueueKey;
import io.storageconsole.support.service.SupportActions;
import io.storageconsole.support.service.SupportQueue.AccountHit;
import io.storageconsole.support.service.SupportQueue.OrganizationHit;
import io.storageconsole.support.service.SupportQueue.PendingApproval;
import io.storageconsole.support.service.SupportQueue.QueueEntry;
import io.storageconsole.support.service.SupportQueue;
import io.storageconsole.support.ui.component.CancelFirst;
import io.storageconsole.support.ui.component.Cells;
import io.storageconsole.support.ui.component.KeysetGrid;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;

/**
 * Support's start page: MFA resets waiting for a second member's approval, the queue of open
 * requests (newest first), and the search for any customer account by email or organization.
 */
@Route("support")
@PageTitle("Support · Storage Console")
@Menu(order = 3, title = "Support", icon = "vaadin:lifebuoy")
@RolesAllowed(Roles.SUPPORT)
public class SupportView extends VerticalLayout {

    public static final String APPROVALS = "MFA resets waiting for approval";
    public static final String QUEUE = "Open requests";
    public static final String SEARCH = "Find an account";
    public static final String EMAIL_PREFIX = "Email starts with";
    public static final String ORGANIZATION_PREFIX = "Organization name starts with";
    public static final String SEARCH_BUTTON = "Search";
    public static final String SHOW_ACCOUNTS = "Show accounts";
    public static final String ALL_ORGANIZATIONS = "Search all organizations";
    public static final String APPROVE = "Approve";
    public static final String REJECT = "Reject";
    public static final String WITHDRAW = "Withdraw";
    static final int PAGE = 25;

    private final SupportQueue queue;
    private final SupportActions actions;
    private final Clock clock;
    private final KeysetGrid<PendingApproval, QueueKey> approvals;
    private final KeysetGrid<QueueEntry, QueueKey> requests;
    private final KeysetGrid<AccountHit, String> accountResults;
    private final KeysetGrid<OrganizationHit, NameKey> organizationResults;
    private final Section approvalsSection;
    private final H2 accountResultsTitle = new H2();
    private final Button allOrganizations = new Button(ALL_ORGANIZATIONS);
    private final TextField emailPrefix = new TextField(EMAIL_PREFIX);
    private final TextField organizationPrefix = new TextField(ORGANIZATION_PREFIX);

    public SupportView(SupportQueue queue, SupportActions actions, Clock clock) {
        this.queue = queue;
        this.actions = actions;
        this.clock = clock;
        addClassNames("console-page", "support-page");
        add(new H1("Support"));

        approvals = new KeysetGrid<>(APPROVALS, "No reset waits for approval.", PAGE, row -> row.approval().queueKey());
        approvals.grid().addComponentColumn(row -> Cells.twoLines(accountLink(row.account()), row.organizationName()
                        + " · asked for by " + row.requestedBy() + ", " + Times.ago(row.approval().requestedAt(), clock.instant())))
                .setHeader("Root account").setKey("account").setWidth("12rem").setFlexGrow(2);
        approvals.grid().addColumn(row -> row.approval().reason() + " · " + row.approval().ticket())
                .setHeader("Reason and ticket").setWidth("8rem").setFlexGrow(1);
        approvals.grid().addComponentColumn(this::approvalActions).setHeader("Decision").setKey("decision")
                .setAutoWidth(true).setFlexGrow(0);
        approvalsSection = section(APPROVALS, new Paragraph("A root account's MFA reset happens once a second support "
                + "member approves it. The identity check of the member who asked must be under 30 minutes old."), approvals);

        requests = new KeysetGrid<>(QUEUE, "No open requests.", PAGE, row -> row.request().queueKey());
        requests.grid().addComponentColumn(row -> Cells.twoLines(accountLink(row.account()),
                        roleName(row.account().role()) + " of " + row.organizationName()))
                .setHeader("Account").setKey("account").setWidth("10rem").setFlexGrow(1);
        requests.grid().addComponentColumn(row -> Cells.twoLines(excerpt(row.request().description()),
                        "Waiting " + Times.age(row.request().openedAt(), clock.instant()) + " · contact: " + row.request().contact()))
                .setHeader("Request").setKey("request").setWidth("10rem").setFlexGrow(2);

        accountResults = new KeysetGrid<>("Accounts found", "No account matches.", PAGE, row -> row.account().email());
        accountResults.grid().addComponentColumn(row -> Cells.twoLines(accountLink(row.account()),
                        roleName(row.account().role()) + " of " + row.organizationName()))
                .setHeader("Account").setKey("account").setWidth("10rem").setFlexGrow(2);
        accountResults.grid().addColumn(row -> "MFA " + mfaName(row.account()).toLowerCase(java.util.Locale.ROOT)
                        + " · last sign-in " + Times.minuteOr(row.account().lastSignInAt(), "never"))
                .setHeader("MFA and last sign-in").setKey("state").setWidth("9rem").setFlexGrow(1);

        organizationResults = new KeysetGrid<>("Organizations found", "No organization matches.", PAGE,
                row -> row.organization().key());
        organizationResults.grid().addComponentColumn(row -> Cells.twoLines(row.organization().name(),
                        "Root user: " + (row.rootEmail() == null ? "none" : row.rootEmail())))
                .setHeader("Organization").setKey("organization").setWidth("10rem").setFlexGrow(1);
        organizationResults.grid().addComponentColumn(row -> {
            Button show = new Button(SHOW_ACCOUNTS, click -> showAccountsOf(row));
            show.addThemeVariants(ButtonVariant.LUMO_SMALL);
            show.setAriaLabel(SHOW_ACCOUNTS + " of " + row.organization().name());
            return show;
        }).setHeader("Accounts").setKey("accounts").setAutoWidth(true).setFlexGrow(0);

        add(approvalsSection, section(QUEUE, null, requests), searchSection());
        refreshLists();
    }

    private void refreshLists() {
        try {
            approvals.showFirstPage(queue::pendingApprovals);
            approvalsSection.setVisible(!approvals.isEmpty());
            requests.showFirstPage(queue::openRequests);
        } catch (ActionRefusedException refused) {
            removeAll();
            Paragraph message = new Paragraph(refused.getMessage());
            message.getElement().setAttribute("role", "alert");
            add(new H1("Support"), message);
        }
    }

    private Section searchSection() {
        emailPrefix.setClearButtonVisible(true);
        emailPrefix.setMaxLength(254);
        organizationPrefix.setClearButtonVisible(true);
        organizationPrefix.setMaxLength(100);
        Button search = new Button(SEARCH_BUTTON, click -> search());
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        search.addClickShortcut(com.vaadin.flow.component.Key.ENTER).listenOn(emailPrefix, organizationPrefix);
        FlexLayout form = new FlexLayout(emailPrefix, organizationPrefix, search);
        form.addClassName("support-search-form");
        form.setAlignItems(FlexLayout.Alignment.BASELINE);
        allOrganizations.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        allOrganizations.addClickListener(click -> {
            organizationPrefix.clear();
            search();
        });
        accountResultsTitle.setVisible(false);
        allOrganizations.setVisible(false);
        accountResults.setVisible(false);
        organizationResults.setVisible(false);
        return section(SEARCH, new Paragraph("Search every organization by the start of an email address, or find "
                        + "the organization first by the start of its name."), form, organizationResults,
                accountResultsTitle, allOrganizations, accountResults);
    }

    private void search() {
        allOrganizations.setVisible(false);
        if (!organizationPrefix.getValue().isBlank()) {
            accountResults.setVisible(false);
            accountResultsTitle.setVisible(false);
            organizationResults.setVisible(true);
            String prefix = organizationPrefix.getValue();
            organizationResults.showFirstPage(page -> queue.searchOrganizations(prefix, page));
            return;
        }
        organizationResults.setVisible(false);
        String prefix = emailPrefix.getValue();
        accountResultsTitle.setText("Accounts");
        accountResultsTitle.setVisible(false);
        accountResults.setVisible(true);
        accountResults.showFirstPage(page -> queue.searchAccounts(null, prefix, page));
    }

    private void showAccountsOf(OrganizationHit organization) {
        String prefix = emailPrefix.getValue();
        accountResultsTitle.setText("Accounts of " + organization.organization().name());
        accountResultsTitle.setVisible(true);
        allOrganizations.setVisible(true);
        accountResults.setVisible(true);
        accountResults.showFirstPage(page -> queue.searchAccounts(organization.organization().id(), prefix, page));
    }

    private Component approvalActions(PendingApproval row) {
        FlexLayout buttons = new FlexLayout();
        buttons.addClassName("support-row-buttons");
        if (row.mine()) {
            Button withdraw = new Button(WITHDRAW, click -> confirmDecision(row, false));
            withdraw.addThemeVariants(ButtonVariant.LUMO_SMALL);
            buttons.add(withdraw, new Span("You asked for it"));
            return buttons;
        }
        Button approve = new Button(APPROVE, click -> confirmDecision(row, true));
        approve.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        approve.setEnabled(row.stillVerified());
        Button reject = new Button(REJECT, click -> confirmDecision(row, false));
        reject.addThemeVariants(ButtonVariant.LUMO_SMALL);
        buttons.add(approve, reject);
        if (!row.stillVerified()) {
            buttons.add(new Span("Identity check expired"));
        }
        return buttons;
    }

    /** Approving resets a root's MFA: the dialog says so and opens with the focus on Cancel. */
    private void confirmDecision(PendingApproval row, boolean approve) {
        String email = row.account().email();
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(approve ? "Approve the MFA reset of " + email + "?"
                : row.mine() ? "Withdraw your request to reset the MFA of " + email + "?"
                : "Reject the MFA reset of " + email + "?");
        dialog.add(new Paragraph(approve
                ? "The root user's authenticator and recovery codes are removed, every session of the account ends "
                + "at once, and they must set up MFA again at the next sign-in. Asked for by " + row.requestedBy()
                + ". " + row.approval().reason() + ", ticket " + row.approval().ticket() + "."
                : "Nothing changes on the account; the request leaves the list."));
        Button cancel = new Button("Cancel", click -> dialog.close());
        CancelFirst.apply(dialog, cancel);
        Button confirm = new Button(approve ? "Approve and reset MFA" : row.mine() ? WITHDRAW : REJECT, click -> {
            dialog.close();
            try {
                if (approve) {
                    actions.approveReset(row.approval().id());
                    Notices.success("MFA of " + email + " was reset. The user must set it up again at the next sign-in.");
                } else {
                    actions.rejectReset(row.approval().id());
                }
            } catch (ActionRefusedException e) {
                Notices.error(e.getMessage());
            }
            refreshLists();
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (approve) {
            confirm.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        dialog.getFooter().add(cancel, confirm);
        dialog.setMaxWidth("32rem");
        dialog.open();
    }

    static RouterLink accountLink(AccountSummary account) {
        return new RouterLink(account.email(), SupportAccountView.class, new RouteParameters("id", String.valueOf(account.id())));
    }

    static String roleName(AccountRole role) {
        return switch (role) {
            case ROOT -> "Root user";
            case SUB_USER -> "Sub-user";
            case SUPPORT -> "Support";
        };
    }

    static String mfaName(AccountSummary account) {
        return switch (account.mfaState()) {
            case ACTIVE -> "Active";
            case PENDING -> "Pending set-up";
            case OFF -> "Off";
        };
    }

    private static String excerpt(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 120 ? line : line.substring(0, 119) + "…";
    }

    private static Section section(String title, Paragraph intro, Component... content) {
        Section section = new Section(new H2(title));
        section.addClassName("console-section");
        if (intro != null) {
            section.add(intro);
        }
        section.add(content);
        return section;
    }
}
