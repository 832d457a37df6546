package io.storageconsole.support.ui.component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.storageconsole.base.database.Keyset;
import java.util.function.Function;

/**
 * A grid that shows one page of a keyset-paged list at a time, with "Previous page" and "Next page":
 * each button asks the service for the rows before the first or after the last row shown, so no
 * page costs more than the first. Its label names the list for screen readers.
 */
public class KeysetGrid<T, K> extends Div {

    public static final String PREVIOUS = "Previous page";
    public static final String NEXT = "Next page";

    private final Grid<T> grid = new Grid<>();
    private final Paragraph empty;
    private final Button previous = new Button(PREVIOUS);
    private final Button next = new Button(NEXT);
    private final Span position = new Span();
    private final int pageSize;
    private Function<Keyset.Request<K>, Keyset.Page<T>> source;
    private Keyset.Page<T> shown;
    private int pageNumber;

    public KeysetGrid(String label, String emptyText, int pageSize, Function<T, K> keyOf) {
        this.pageSize = pageSize;
        this.empty = new Paragraph(emptyText);
        addClassName("support-list");
        grid.getElement().setAttribute("aria-label", label);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        previous.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        next.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        previous.addClickListener(click -> show(Keyset.Request.before(keyOf.apply(shown.rows().get(0)), pageSize), -1));
        next.addClickListener(click -> show(Keyset.Request.after(
                keyOf.apply(shown.rows().get(shown.rows().size() - 1)), pageSize), +1));
        position.addClassName("support-page-position");
        HorizontalLayout pager = new HorizontalLayout(previous, position, next);
        pager.setAlignItems(HorizontalLayout.Alignment.CENTER);
        pager.addClassName("support-pager");
        add(empty, grid, pager);
    }

    public Grid<T> grid() {
        return grid;
    }

    /** Shows the first page of {@code newSource}. */
    public void showFirstPage(Function<Keyset.Request<K>, Keyset.Page<T>> newSource) {
        this.source = newSource;
        pageNumber = 1;
        show(Keyset.Request.first(pageSize), 0);
    }

    /** Whether the page shown has no row. */
    public boolean isEmpty() {
        return shown == null || shown.isEmpty();
    }

    /** Reads the first page again, as after a change that moved rows. */
    public void reload() {
        if (source != null) {
            showFirstPage(source);
        }
    }

    private void show(Keyset.Request<K> request, int step) {
        Keyset.Page<T> page = source.apply(request);
        if (page.isEmpty() && step != 0) {
            // The rows around this page went away meanwhile: start again from the first page.
            showFirstPage(source);
            return;
        }
        shown = page;
        pageNumber = step < 0 && !page.hasPrevious() ? 1 : Math.max(1, pageNumber + step);
        grid.setItems(page.rows());
        grid.setVisible(!page.isEmpty());
        empty.setVisible(page.isEmpty());
        previous.setEnabled(page.hasPrevious());
        next.setEnabled(page.hasNext());
        previous.setVisible(page.hasPrevious() || page.hasNext());
        next.setVisible(page.hasPrevious() || page.hasNext());
        position.setText(page.hasPrevious() || page.hasNext() ? "Page " + pageNumber : "");
    }
}
