package io.storageconsole.organization.ui.view;

import io.storageconsole.account.ui.component.PasswordFields;
import io.storageconsole.security.SignInRoutes;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.organization.service.OrganizationService;

@Route(value = "signup", autoLayout = false)
@PageTitle("Create an organization · Storage Console")
@AnonymousAllowed
public class SignUpView extends VerticalLayout {

    public SignUpView(OrganizationService organizations) {
        addClassName("console-signup");
        // A page without the console frame is the main landmark itself.
        getElement().setAttribute("role", "main");
        setAlignItems(Alignment.CENTER);

        TextField organizationName = new TextField("Organization name");
        TextField email = new TextField("Email");
        email.setHelperText("You become the root user of the organization.");
        PasswordField password = PasswordFields.newPassword("Password");
        PasswordField confirmation = PasswordFields.repeated("Confirm password");
        organizationName.setAutocomplete(Autocomplete.ORGANIZATION);
        email.setAutocomplete(Autocomplete.USERNAME);
        FormErrors errors = new FormErrors()
                .field("organizationName", organizationName)
                .field("email", email)
                .field("password", password)
                .field("confirmation", confirmation);

        Button create = new Button("Create organization", click -> {
            try {
                organizations.signUp(organizationName.getValue(), email.getValue(),
                        password.getValue(), confirmation.getValue());
                getUI().ifPresent(ui -> ui.getPage().setLocation(SignInRoutes.LOGIN + "?created"));
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);

        FormLayout form = new FormLayout(organizationName, email, password, confirmation, create);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        form.setMaxWidth("26rem");
        add(new H1("Create an organization"),
                new Paragraph("An organization holds your storage, its users and their security settings."),
                form,
                new Anchor(SignInRoutes.LOGIN, "Already have an account? Sign in"));
    }
}
