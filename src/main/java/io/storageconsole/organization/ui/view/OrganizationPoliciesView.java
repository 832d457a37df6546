package io.storageconsole.organization.ui.view;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.storageconsole.organization.service.OrganizationService;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import jakarta.annotation.security.RolesAllowed;

@Route("organization-policies")
@PageTitle("Organization-wide Policies · Storage Console")
@Menu(order = 2, title = "Organization-wide Policies", icon = "vaadin:shield")
@RolesAllowed(Roles.ROOT)
public class OrganizationPoliciesView extends VerticalLayout {

    public OrganizationPoliciesView(OrganizationService organizations) {
        addClassName("console-page");
        String name = organizations.nameOf(CurrentAccount.require().organizationId());
        add(new H1("Organization-wide Policies"),
                new Paragraph("Policies for every user of " + name + ". MFA enforcement and the per-user MFA "
                        + "controls are not available yet."));
    }
}
