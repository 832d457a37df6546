package io.storageconsole.support.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import io.storageconsole.base.ui.component.FormErrors;
import io.storageconsole.base.ui.component.Notices;
import io.storageconsole.support.domain.RequestOutcome;
import io.storageconsole.support.service.SupportDesk;
import java.util.function.BiConsumer;

/** Closes a customer's request with its outcome, which is recorded and mailed to the account owner. */
public class CloseRequestDialog extends Dialog {

    public static final String OUTCOME = "Outcome";
    public static final String NOTE = "Note for support";
    public static final String CLOSE = "Close request";

    public CloseRequestDialog(BiConsumer<RequestOutcome, String> close, Runnable onDone) {
        setHeaderTitle("Close the support request?");
        Select<RequestOutcome> outcome = new Select<>();
        outcome.setLabel(OUTCOME);
        outcome.setItems(RequestOutcome.values());
        outcome.setItemLabelGenerator(RequestOutcome::label);
        outcome.setPlaceholder("Choose how it ended");
        outcome.setRequiredIndicatorVisible(true);
        TextArea note = new TextArea(NOTE);
        note.setHelperText("Kept with the request; not sent to the customer");
        note.setMaxLength(SupportDesk.MAX_NOTE);
        note.setWidthFull();
        FormErrors errors = new FormErrors().field("outcome", outcome).field("note", note);
        Button cancel = new Button("Cancel", click -> close());
        Button confirm = new Button(CLOSE, click -> Notices.run(errors,
                () -> close.accept(outcome.getValue(), note.getValue()), null, () -> {
                    close();
                    onDone.run();
                }));
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        VerticalLayout body = new VerticalLayout(new Paragraph("The request leaves the queue and the account owner is "
                + "told by email that it was closed, with its outcome."), outcome, note);
        body.setPadding(false);
        body.setSpacing(false);
        add(body);
        getFooter().add(cancel, confirm);
        setMaxWidth("32rem");
    }
}
