package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;

/**
 * The confirmation of an action that cannot be taken back (delete a user, reset MFA, end
 * sessions): it opens with focus on Cancel, so one Enter never does it. A plain dialog, not
 * Vaadin's confirm dialog: that one hides the page with aria-hidden while its controls stay
 * focusable, and its tertiary Cancel falls short of 4.5:1 contrast (axe, serious).
 */
public class DestructiveConfirmation extends Dialog {

    public static final String CANCEL = "Cancel";

    private final Paragraph text;
    private final Button cancel;
    private final Button confirm;

    private DestructiveConfirmation(String title, String text, String confirmText, Runnable onConfirm) {
        setHeaderTitle(title);
        this.text = new Paragraph(text);
        add(this.text);
        setMaxWidth("32rem");
        cancel = new Button(CANCEL, click -> close());
        cancel.getElement().setAttribute("autofocus", true);
        confirm = new Button(confirmText, click -> {
            close();
            onConfirm.run();
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        getFooter().add(cancel, confirm);
        // The dialog's focus trap first focuses its overlay; Cancel takes the focus once it has opened.
        addOpenedChangeListener(opened -> {
            if (opened.isOpened()) {
                cancel.getElement().executeJs("requestAnimationFrame(() => this.focus())");
            }
        });
    }

    public static DestructiveConfirmation of(String title, String text, String confirmText, Runnable onConfirm) {
        return new DestructiveConfirmation(title, text, confirmText, onConfirm);
    }

    public String getText() {
        return text.getText();
    }

    public Button confirmButton() {
        return confirm;
    }

    /** Whether the dialog opens with focus on Cancel, as the focus rule asks. */
    public boolean focusesCancel() {
        return cancel.getElement().hasAttribute("autofocus") && !confirm.getElement().hasAttribute("autofocus");
    }
}
