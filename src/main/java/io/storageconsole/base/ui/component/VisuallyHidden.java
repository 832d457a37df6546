package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.html.Span;

/**
 * Text for screen readers only, such as the header of a column of buttons or checkboxes, which
 * would otherwise be an empty header (axe: empty-table-header) while showing it adds nothing.
 */
public final class VisuallyHidden {

    /** The CSS class (styles.css) that keeps text from the screen but not from assistive technology. */
    public static final String CLASS_NAME = "console-visually-hidden";

    private VisuallyHidden() {
    }

    public static Span text(String text) {
        Span span = new Span(text);
        span.addClassName(CLASS_NAME);
        return span;
    }
}
