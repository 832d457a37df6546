package io.storageconsole.support.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.text.Times;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.support.service.HelpRequest;
import io.storageconsole.support.service.HelpRequests;

/**
 * On the second sign-in step, under "Lost your authenticator?": the request for help that reaches
 * support's queue. The person already gave the right password, so it belongs to that account; they
 * say what happened and how support can reach them, and see what happens next.
 */
public class HelpRequestForm extends Div {

    public static final String ASK = "Ask support for help";
    public static final String DESCRIPTION = "What happened?";
    public static final String CONTACT = "How can support reach you?";
    public static final String SEND = "Send request to support";
    public static final String CHANGE = "Change your request";
    public static final String SENT = "Your request was sent to support and is recorded.";

    private final HelpRequests requests;
    private final String email;

    public HelpRequestForm(HelpRequests requests) {
        this.requests = requests;
        this.email = CurrentAccount.requirePendingSecondFactor().email();
        addClassName("support-help-request");
        try {
            requests.mine().ifPresentOrElse(this::showSent, this::showOffer);
        } catch (ActionRefusedException e) {
            // This sign-in is no longer valid (the password or MFA changed meanwhile): say so instead.
            Paragraph refusal = new Paragraph(e.getMessage());
            refusal.getElement().setAttribute("role", "alert");
            add(refusal);
        }
    }

    private void showOffer() {
        removeAll();
        Button ask = new Button(ASK, click -> showForm(null));
        add(ask);
    }

    private void showForm(HelpRequest earlier) {
        removeAll();
        TextArea description = new TextArea(DESCRIPTION);
        description.setMaxLength(HelpRequests.MAX_DESCRIPTION);
        description.setHelperText("For example: my phone was replaced and the authenticator app is gone.");
        description.setWidthFull();
        description.setRequiredIndicatorVisible(true);
        TextField contact = new TextField(CONTACT);
        contact.setMaxLength(HelpRequests.MAX_CONTACT);
        contact.setHelperText("A phone number, or another way to reach you");
        contact.setWidthFull();
        contact.setRequiredIndicatorVisible(true);
        if (earlier != null) {
            description.setValue(earlier.description());
            contact.setValue(earlier.contact());
        }
        FormErrors errors = new FormErrors().field("description", description).field("contact", contact);
        Paragraph refusal = new Paragraph();
        refusal.getElement().setAttribute("role", "alert");
        refusal.addClassName("console-refusal");
        refusal.setVisible(false);
        Button send = new Button(SEND, click -> {
            try {
                showSent(requests.send(description.getValue(), contact.getValue()));
            } catch (InvalidInputException e) {
                errors.show(e);
            } catch (ActionRefusedException e) {
                refusal.setText(e.getMessage());
                refusal.setVisible(true);
            }
        });
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new H2(ASK),
                new Paragraph("To check that you own this account, support emails a one-time verification code to "
                        + email + " and may ask you to read it back. They never ask for your password or for a code "
                        + "from your authenticator app."),
                description, contact, refusal, send);
        description.focus();
    }

    private void showSent(HelpRequest request) {
        removeAll();
        Paragraph sent = new Paragraph(SENT + " Request " + request.id() + ", sent " + Times.minute(request.updatedAt()) + ".");
        sent.getElement().setAttribute("role", "status");
        sent.addClassName("support-request-sent");
        OrderedList next = new OrderedList(
                new ListItem("We emailed " + email + " that a support request was opened."),
                new ListItem("A support team member contacts you at: " + request.contact()),
                new ListItem("They email a one-time verification code to " + email + " and ask you to read it back."),
                new ListItem("Once your identity is confirmed, they reset MFA for your account. Then sign in with your "
                        + "password and set up your authenticator app again."));
        Button change = new Button(CHANGE, click -> showForm(request));
        change.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add(new H2("Support has your request"), sent, new Paragraph("What happens next:"), next, change);
    }
}
