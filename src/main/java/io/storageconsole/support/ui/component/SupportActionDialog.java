package io.storageconsole.support.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.support.service.ActionReason;
import io.storageconsole.support.service.SupportReason;
import java.util.function.Consumer;

/**
 * Confirms one support action: says what will happen, asks for a reason (a short list plus "Other")
 * and the ticket reference, and runs the action; the service's field messages show on the fields.
 * A destructive action opens with the focus on "Cancel", so Enter or Space alone never confirms it.
 */
public class SupportActionDialog extends Dialog {

    public static final String REASON = "Reason";
    public static final String OTHER_REASON = "Other reason";
    public static final String TICKET = "Ticket reference";
    public static final String CANCEL = "Cancel";

    private final Button cancel = new Button(CANCEL);

    /**
     * @param whatHappens the consequences, in plain words
     * @param action      the change; it may refuse with field messages or an ActionRefusedException
     * @param onDone      what the page does after the change (or a refusal), such as reading itself again
     */
    public SupportActionDialog(String title, String whatHappens, String confirmText, boolean destructive,
                               Consumer<ActionReason> action, Runnable onDone) {
        setHeaderTitle(title);
        addClassName("support-action-dialog");
        Select<SupportReason> reason = new Select<>();
        reason.setLabel(REASON);
        reason.setItems(SupportReason.values());
        reason.setItemLabelGenerator(SupportReason::label);
        reason.setPlaceholder("Choose a reason");
        reason.setRequiredIndicatorVisible(true);
        TextField otherReason = new TextField(OTHER_REASON);
        otherReason.setMaxLength(ActionReason.MAX_OTHER_REASON);
        otherReason.setVisible(false);
        otherReason.setWidthFull();
        reason.addValueChangeListener(change -> otherReason.setVisible(change.getValue() == SupportReason.OTHER));
        TextField ticket = new TextField(TICKET);
        ticket.setHelperText("The help-desk ticket this action belongs to, such as SUP-1042");
        ticket.setRequiredIndicatorVisible(true);
        ticket.setMaxLength(40);
        FormErrors errors = new FormErrors().field("reason", reason).field("otherReason", otherReason).field("ticket", ticket);

        Button confirm = new Button(confirmText, click -> Notices.run(errors,
                () -> action.accept(new ActionReason(reason.getValue(), otherReason.getValue(), ticket.getValue())), null,
                () -> {
                    close();
                    onDone.run();
                }));
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (destructive) {
            confirm.addThemeVariants(ButtonVariant.LUMO_ERROR);
            CancelFirst.apply(this, cancel);
        }
        cancel.addClickListener(click -> close());

        Paragraph consequences = new Paragraph(whatHappens);
        consequences.addClassName("support-consequences");
        VerticalLayout body = new VerticalLayout(consequences, reason, otherReason, ticket);
        body.setPadding(false);
        body.setSpacing(false);
        add(body);
        getFooter().add(cancel, confirm);
        setMaxWidth("32rem");
    }
}
