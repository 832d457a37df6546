package io.storageconsole.organization.ui.view;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

@Route("users")
@PageTitle("Users · Storage Console")
@Menu(order = 1, title = "Users", icon = "vaadin:users")
@RolesAllowed(Roles.ROOT)
public class UsersView extends VerticalLayout {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public UsersView(AccountService accounts) {
        addClassName("console-page");
        setSizeFull();
        long organizationId = CurrentAccount.require().organizationId();

        Grid<AccountSummary> grid = new Grid<>();
        grid.addColumn(AccountSummary::email).setHeader("Email").setFlexGrow(2);
        grid.addColumn(user -> user.consoleAccess() ? "Console and API" : "API keys only").setHeader("Access");
        grid.addColumn(user -> switch (user.mfaState()) {
            case ACTIVE -> "Active";
            case PENDING -> "Pending enrolment";
            case OFF -> "Off";
        }).setHeader("MFA");
        grid.addColumn(user -> user.lastSignInAt() == null ? "Never" : WHEN.format(user.lastSignInAt()))
                .setHeader("Last sign-in");
        grid.setItems(query -> accounts.listSubUsers(organizationId, query.getLimit(), query.getOffset()).stream(),
                query -> (int) accounts.countSubUsers(organizationId));
        grid.setSizeFull();

        add(new H1("Users"),
                new Paragraph("The sub-users of your organization. Adding and deleting users comes with the user-management release."),
                grid);
    }
}
