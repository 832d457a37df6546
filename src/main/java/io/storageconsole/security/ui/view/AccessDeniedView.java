package io.storageconsole.security.ui.view;

import io.storageconsole.security.Roles;
import io.storageconsole.security.SignInRoutes;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import io.storageconsole.base.ui.MainLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** What a signed-in person sees on a page their role does not open, by menu or by typed URL. */
@PageTitle("No access · Storage Console")
@ParentLayout(MainLayout.class)
@AnonymousAllowed
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    public static final String MESSAGE = "Your account does not have access to this page.";

    public AccessDeniedView() {
        addClassName("console-page");
        add(new H1("No access"), new Paragraph(MESSAGE), new Anchor("profile", "Go to Profile Settings"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        if (awaitsSecondFactor()) {
            // Half-way through signing in: the only page open is the second step.
            event.forwardTo(SignInRoutes.SECOND_FACTOR);
        }
        return HttpServletResponse.SC_FORBIDDEN;
    }

    private static boolean awaitsSecondFactor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(authority -> Roles.authority(Roles.MFA_PENDING).equals(authority.getAuthority()));
    }
}
