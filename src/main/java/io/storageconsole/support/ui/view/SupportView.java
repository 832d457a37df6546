package io.storageconsole.support.ui.view;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.storageconsole.security.Roles;
import jakarta.annotation.security.RolesAllowed;

@Route("support")
@PageTitle("Support · Storage Console")
@Menu(order = 3, title = "Support", icon = "vaadin:lifebuoy")
@RolesAllowed(Roles.SUPPORT)
public class SupportView extends VerticalLayout {

    public SupportView() {
        addClassName("console-page");
        add(new H1("Support"),
                new Paragraph("Account look-up, identity verification and MFA reset for customers are not available yet."));
    }
}
