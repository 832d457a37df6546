package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/**
 * The actions on one grid row, opened by the row's one "Actions" button: made only when asked for,
 * so a page of rows costs one light button each, and it fits a phone. Actions a rule forbids are
 * not offered; the sheet says why instead.
 */
public class ActionSheet extends Dialog {

    public static final String OPEN = "Actions";
    public static final String CLOSE = "Close";

    private final VerticalLayout facts = new VerticalLayout();
    private final VerticalLayout actions = new VerticalLayout();

    public ActionSheet(String title) {
        setHeaderTitle(title);
        addClassName("console-action-sheet");
        facts.setPadding(false);
        facts.setSpacing(false);
        actions.setPadding(false);
        add(facts, actions);
        setMaxWidth("28rem");
        getFooter().add(new Button(CLOSE, click -> close()));
    }

    /** A line of what the row shows, repeated here for a phone that cannot show every column. */
    public ActionSheet fact(String label, String value) {
        Span name = new Span(label);
        name.addClassName("console-label");
        Div line = new Div(name, new Span(value));
        line.addClassName("console-line");
        facts.add(line);
        return this;
    }

    /** An action: the sheet closes, then it runs (its own confirmation, if any, opens next). */
    public ActionSheet action(String text, Runnable run) {
        return add(text, run, false);
    }

    /** An action that cannot be taken back, shown in the error colour; it confirms on its own. */
    public ActionSheet destructive(String text, Runnable run) {
        return add(text, run, true);
    }

    /** An action a rule forbids: not offered, with the reason. */
    public ActionSheet unavailable(String reason) {
        Paragraph note = new Paragraph(reason);
        note.addClassName("console-unavailable");
        actions.add(note);
        return this;
    }

    private ActionSheet add(String text, Runnable run, boolean destructive) {
        Button button = new Button(text, click -> {
            close();
            run.run();
        });
        button.setWidthFull();
        if (destructive) {
            button.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        actions.add(button);
        return this;
    }
}
