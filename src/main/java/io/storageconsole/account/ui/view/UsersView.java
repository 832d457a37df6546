package io.storageconsole.account.ui.view;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.account.service.SubUserAdministration;
import io.storageconsole.account.service.SubUserDirectory;
import io.storageconsole.base.ui.component.ActionSheet;
import io.storageconsole.base.ui.component.DestructiveConfirmation;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.account.ui.component.AddUserDialog;
import io.storageconsole.account.ui.component.ConfirmAccessDialog;
import io.storageconsole.account.ui.component.ConsoleAccessDialog;
import io.storageconsole.account.ui.component.SubUserGrid;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import jakarta.annotation.security.RolesAllowed;

@Route("users")
@PageTitle("Users · Storage Console")
@Menu(order = 1, title = "Users", icon = "vaadin:users")
@RolesAllowed(Roles.ROOT)
public class UsersView extends VerticalLayout {

    static final String ADD_USER = "Add User";
    static final String TURN_ON = "Turn on console access";
    static final String TURN_OFF = "Turn off console access";
    static final String DELETE = "Delete";
    static final String RESEND_INVITATION = "Resend invitation";

    private final SubUserAdministration administration;
    private final PasswordConfirmation passwords;
    private final long organizationId;
    private final SubUserGrid<SubUserRow> grid;
    private final Span matching = new Span();

    public UsersView(SubUserDirectory directory, SubUserAdministration administration, PasswordConfirmation passwords) {
        this.administration = administration;
        this.passwords = passwords;
        this.organizationId = CurrentAccount.require().organizationId();
        addClassName("console-page");
        addClassName("console-workspace");
        setSizeFull();

        grid = SubUserGrid.of(directory, organizationId);
        grid.addEmailColumn();
        grid.addConsoleAccessColumn();
        grid.addMfaStateColumn();
        grid.addLastSignInColumn();
        grid.addActionsColumn(this::openActions);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.onCounted(count -> matching.setText(count == 1 ? "1 user matches" : count + " users match"));
        matching.setId("matching-users");
        matching.addClassName("console-count");
        grid.setSizeFull();

        TextField filter = new TextField("Email contains");
        filter.setPlaceholder("e.g. demo.example");
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(change -> grid.filter(change.getValue(), null));

        Button addUser = new Button(ADD_USER, VaadinIcon.PLUS.create(), click ->
                new AddUserDialog(administration, organizationId, (added, access) -> {
                    Notices.success(access == AddUserDialog.Access.INVITE
                            ? added.email() + " was added and invited by email." : added.email() + " was added.");
                    grid.refresh();
                }).open());
        addUser.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        HorizontalLayout toolbar = new HorizontalLayout(filter, addUser, matching);
        toolbar.addClassName("console-toolbar");
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        add(new H1("Users"),
                new Paragraph("The sub-users of your organization. A user with a password may sign in to the console; "
                        + "an invited user chooses theirs by the link we sent; a user without one has API keys only."),
                toolbar, grid);
    }

    void openActions(SubUserRow user) {
        ActionSheet sheet = new ActionSheet(user.email())
                .fact("Access", user.accessLabel())
                .fact("MFA", user.mfaState().label());
        if (user.invited()) {
            sheet.action(RESEND_INVITATION, () -> change(
                    () -> administration.resendInvitation(organizationId, user.id(), user.version()),
                    "A new invitation was sent to " + user.email() + ". The earlier link no longer works."));
        }
        if (user.consoleAccess() || user.invited()) {
            sheet.destructive(TURN_OFF, () -> confirmTurnOff(user));
        } else {
            sheet.action(TURN_ON, () -> askPasswordToTurnOn(user));
        }
        sheet.destructive(DELETE, () -> confirmDelete(user)).open();
    }

    /** Turning access on and deleting are sudo actions: the root's own password first, if not given lately. */
    void askPasswordToTurnOn(SubUserRow user) {
        ConfirmAccessDialog.thenRun(passwords, () -> new ConsoleAccessDialog(user.email(),
                () -> change(() -> administration.inviteToConsole(organizationId, user.id(), user.version()),
                        user.email() + " was invited by email."),
                (password, mustChange) -> change(() -> administration.turnOnConsoleAccess(organizationId, user.id(),
                        user.version(), password, mustChange), user.email() + " may now sign in to the console.")).open());
    }

    void confirmDelete(SubUserRow user) {
        ConfirmAccessDialog.thenRun(passwords, () -> openDeleteConfirmation(user));
    }

    private void openDeleteConfirmation(SubUserRow user) {
        DestructiveConfirmation.of("Delete user?",
                "Delete " + user.email() + "? They can no longer sign in or use their API keys. This cannot be undone.",
                DELETE, () -> change(
                () -> administration.deleteSubUser(organizationId, user.id(), user.version()),
                user.email() + " was deleted.")).open();
    }

    void confirmTurnOff(SubUserRow user) {
        DestructiveConfirmation.of("Turn off console access?",
                user.email() + " can no longer sign in to the console, and their password (or invitation) is removed. "
                        + "Their API keys keep working.",
                "Turn off", () -> change(
                () -> administration.turnOffConsoleAccess(organizationId, user.id(), user.version()),
                user.email() + " can no longer sign in to the console.")).open();
    }

    /** Runs a change to one user; if someone else changed that user first, says so. Either way the rows reload. */
    private void change(Runnable change, String done) {
        Notices.run(change, done, grid::refresh);
    }
}
