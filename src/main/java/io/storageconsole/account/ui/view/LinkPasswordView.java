package io.storageconsole.account.ui.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import io.storageconsole.account.ui.component.PasswordFields;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.ui.component.FormErrors;

/**
 * A page that a single-use link by email leads to (a forgotten password, an invitation): the token
 * in the address, a new password, once. It says whether the link still works before asking for a
 * password, and takes the token out of the address bar once read. Signs nobody in.
 */
abstract class LinkPasswordView extends VerticalLayout implements HasUrlParameter<String> {

    private final String title;
    private final String route;
    private final String intro;
    private final String submitLabel;
    private final String unusableMessage;
    private String token;

    /**
     * @param intro what the page says above the form
     * @param submitLabel the label of the form's button
     * @param unusableMessage what it says of a link that no longer works
     */
    LinkPasswordView(String title, String route, String intro, String submitLabel, String unusableMessage) {
        this.title = title;
        this.route = route;
        this.intro = intro;
        this.submitLabel = submitLabel;
        this.unusableMessage = unusableMessage;
        addClassName("console-login");
        // A page without the console frame is the main landmark itself.
        getElement().setAttribute("role", "main");
        setAlignItems(Alignment.CENTER);
    }

    /** Whether the link's token can still set a password. */
    abstract boolean isUsable(String token);

    /** Sets the password through the link; throws InvalidInputException for the fields, ActionRefusedException for the link. */
    abstract void setPassword(String token, String newPassword, String confirmation);

    /** What the page says once the password is set (or goes elsewhere). */
    abstract void done();

    /** Why a link does not work, and where to go instead. */
    abstract Component[] refusal(String message);

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String token) {
        this.token = token;
        startOver();
        if (!isUsable(token)) {
            add(refusal(unusableMessage));
            return;
        }
        // The token leaves the address bar (and the browser's history) once read.
        event.getUI().getPage().getHistory().replaceState(null, route);
        PasswordField newPassword = PasswordFields.newPassword("New password");
        newPassword.setAutofocus(true);
        PasswordField confirmation = PasswordFields.repeated("Confirm new password");
        FormErrors errors = new FormErrors().field("newPassword", newPassword).field("confirmation", confirmation);
        Button set = new Button(submitLabel, click -> {
            try {
                setPassword(this.token, newPassword.getValue(), confirmation.getValue());
                startOver();
                done();
            } catch (InvalidInputException e) {
                errors.show(e);
            } catch (ActionRefusedException e) {
                startOver();
                add(refusal(e.getMessage()));
            }
        });
        set.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        set.addClickShortcut(Key.ENTER);
        FormLayout form = new FormLayout(newPassword, confirmation, set);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        form.setMaxWidth("26rem");
        add(new Paragraph(intro), form);
    }

    /** A paragraph with the page's answer, found by tests and screen readers alike under its id. */
    Paragraph answer(String id, String text) {
        Paragraph answer = new Paragraph(text);
        answer.setId(id);
        return answer;
    }

    private void startOver() {
        removeAll();
        add(new H1(title));
    }
}
