package io.storageconsole.organization.ui.component;

import io.storageconsole.base.ui.BrowserZone;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.organization.service.MfaEnforcementSettings;
import io.storageconsole.organization.service.MfaEnforcementSettings.MfaEnforcement;

/** The root's switch that makes MFA mandatory for everyone, confirmed with the password. */
public class MfaEnforcementSection extends Div {

    public static final String ENFORCE = "Enforce MFA policy to all users in your organization";
    public static final String GRACE_DAYS = "Grace period in days (optional)";

    private final MfaEnforcementSettings organizations;
    private final Runnable onChange;

    public MfaEnforcementSection(MfaEnforcementSettings organizations, Runnable onChange) {
        this.organizations = organizations;
        this.onChange = onChange;
        addClassName("console-section");
        setId("mfa-enforcement");
        render();
    }

    private void render() {
        removeAll();
        MfaEnforcement current = organizations.mfaEnforcement();
        Checkbox enforce = new Checkbox(ENFORCE, current.enforced());
        enforce.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                enforce.setValue(change.getOldValue());
                confirm(change.getValue());
            }
        });
        add(new H2("MFA enforcement"), enforce);
        if (current.enforced()) {
            add(new Paragraph(current.graceEndsAt() == null
                    ? "Every user without active MFA, you included, must set it up at the next sign-in. Nobody can turn MFA off."
                    : "Users without active MFA must set it up by " + BrowserZone.minute(current.graceEndsAt())
                            + "; after that, at their next sign-in. Nobody can turn MFA off."));
        }
    }

    private void confirm(boolean enforced) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(enforced ? "Enforce MFA for every user?" : "Stop enforcing MFA?");
        PasswordField password = new PasswordField("Password");
        password.setAutocomplete(Autocomplete.CURRENT_PASSWORD);
        // A text field, read by the service: a number field would hand over nothing for "abc" or
        // "2147483648", and enforcement would start at once without a word.
        TextField graceDays = new TextField(GRACE_DAYS);
        graceDays.setHelperText("0 to " + MfaEnforcementSettings.MAX_GRACE_DAYS
                + " days. Without one, users without MFA must set it up at their next sign-in.");
        graceDays.getElement().setAttribute("inputmode", "numeric");
        graceDays.setMaxLength(10);
        graceDays.setVisible(enforced);
        FormErrors errors = new FormErrors().field("password", password).field("graceDays", graceDays);

        Button apply = new Button(enforced ? "Enforce MFA" : "Stop enforcing", click -> {
            try {
                organizations.setMfaEnforcement(enforced, graceDays.getValue(), password.getValue());
                dialog.close();
                render();
                onChange.run();
                Notices.success(enforced ? "MFA is now enforced for every user of your organization."
                                : "MFA is no longer enforced.");
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        VerticalLayout body = new VerticalLayout(new Paragraph(enforced
                ? "While MFA is enforced, nobody in your organization can turn it off, and every user without "
                + "active MFA, you included, must set it up. Enter your password to confirm."
                : "Users will be able to turn MFA off again. Enter your password to confirm."), password, graceDays);
        body.setPadding(false);
        dialog.add(body);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), apply);
        dialog.open();
    }
}
