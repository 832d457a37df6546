package io.storageconsole.account.ui.view;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.account.ui.component.ChangePasswordForm;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.security.Roles;
import jakarta.annotation.security.RolesAllowed;

/**
 * The page a sign-in must pass when the root user chose the password ("must change at first
 * sign-in"): the user's own password before anything else (PasswordChangeGuard sends every other
 * page here). Outside the console frame, so there is nowhere else to go but signing out.
 */
@Route(value = FirstPasswordView.ROUTE, autoLayout = false)
@PageTitle("Choose your own password · Storage Console")
@RolesAllowed({Roles.ROOT, Roles.SUB_USER, Roles.SUPPORT})
public class FirstPasswordView extends VerticalLayout {

    public static final String ROUTE = "choose-password";
    public static final String EXPLANATION = "The root user of your organization chose the password you signed in with. "
            + "Choose your own before you go on: enter the one you were given, then the new one.";
    public static final String CHANGED = "Your password was changed. From now on, sign in with it.";

    public FirstPasswordView(AccountService accounts, AuthenticationContext authentication) {
        addClassName("console-login");
        // A page without the console frame is the main landmark itself.
        getElement().setAttribute("role", "main");
        setAlignItems(Alignment.CENTER);
        Button signOut = new Button("Sign out", click -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add(new H1("Choose your own password"), new Paragraph(EXPLANATION),
                new ChangePasswordForm(accounts, () -> {
                    Notices.success(CHANGED);
                    getUI().ifPresent(ui -> ui.navigate(ProfileSettingsView.class));
                }),
                signOut);
    }
}
