package io.storageconsole.account.ui.view;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.account.ui.component.ChangePasswordForm;
import io.storageconsole.base.ui.component.ProfileSection;
import java.util.Comparator;
import java.util.List;
import io.storageconsole.security.Roles;
import jakarta.annotation.security.RolesAllowed;

@Route("profile")
@RouteAlias("")
@PageTitle("Profile Settings · Storage Console")
@Menu(order = 0, title = "Profile Settings", icon = "vaadin:user")
@RolesAllowed({Roles.ROOT, Roles.SUB_USER, Roles.SUPPORT})
public class ProfileSettingsView extends VerticalLayout {

    static final String PASSWORD_CHANGED = "Your password was changed.";

    private final AccountService accounts;

    public ProfileSettingsView(AccountService accounts, List<ProfileSection> sections) {
        this.accounts = accounts;
        addClassName("console-page");
        AccountSummary me = accounts.me();
        add(new H1("Profile Settings"), accountSection(me));
        sections.stream()
                .sorted(Comparator.comparingInt(ProfileSection::order))
                .forEach(section -> add(section.create()));
        add(changePasswordSection());
    }

    private static Div accountSection(AccountSummary me) {
        Div section = new Div(new H2("Account"),
                line("Email", me.email()),
                line("Role", switch (me.role()) {
                    case ROOT -> "Root user";
                    case SUB_USER -> "User";
                    case SUPPORT -> "Support";
                }));
        section.addClassName("console-section");
        return section;
    }

    private Div changePasswordSection() {
        Div section = new Div(new H2("Change password"),
                new ChangePasswordForm(accounts, () -> Notices.success(PASSWORD_CHANGED)));
        section.addClassName("console-section");
        return section;
    }

    private static Div line(String label, String value) {
        Span name = new Span(label);
        name.addClassName("console-label");
        Div line = new Div(name, new Span(value));
        line.addClassName("console-line");
        return line;
    }
}
