package io.storageconsole.support.ui.component;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * Grid cells of the support pages: a main line and a quieter second line, so that a few wrapping
 * columns carry what many narrow ones would, and a phone's 390 px still shows a whole row.
 */
public final class Cells {

    private Cells() {
    }

    public static Div twoLines(Component main, String second) {
        Span detail = new Span(second);
        detail.addClassName("support-cell-detail");
        Div cell = new Div(main, detail);
        cell.addClassName("support-cell");
        return cell;
    }

    public static Div twoLines(String main, String second) {
        return twoLines(new Span(main), second);
    }
}
