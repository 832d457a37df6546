package io.storageconsole.account.ui.component;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserOrder;
import io.storageconsole.account.domain.SubUserQuery;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.SubUserDirectory;
import io.storageconsole.base.ui.BrowserZone;
import io.storageconsole.base.ui.component.VisuallyHidden;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.function.SerializableConsumer;
import java.util.stream.Stream;

/**
 * A lazy grid of the sub-users of one organization: filtering, sorting and paging run in SQL
 * through {@link SubUserDirectory}. It holds the filter, the order and the last count, never more
 * rows than the browser shows. A view that shows more per user (active sessions, say) makes its
 * own row type {@code R} from each page as it is fetched, so every row carries what it shows.
 *
 * @param <R> one row: a {@link SubUserRow}, or a view's row made from one
 */
public class SubUserGrid<R> extends Grid<R> {

    public static final String NO_MATCH = "No users match.";
    public static final String ACTIONS = "Actions";

    /**
     * A date column holds "2026-11-30 13:29 UTC" (or a zone of up to four letters) and its header
     * with the sort arrows: auto width measured the first rows only ("Never") and left the arrows
     * out, which cut the header to "Last sig…". The grid scrolls sideways on a phone.
     */
    private static final String DATE_WIDTH = "12.25rem";
    /** Email, Access and MFA share the rest; the email, which tells users apart, starts wider. */
    private static final String EMAIL_WIDTH = "12rem";

    private final SubUserDirectory directory;
    private final long organizationId;
    private final Function<List<SubUserRow>, List<R>> rowsOf;
    private final Function<R, SubUserRow> userOf;
    private SubUserQuery filter = SubUserQuery.all();
    // Read by the CSV download, which runs outside the UI lock.
    private volatile SubUserQuery shown = SubUserQuery.all();
    private long lastCount = SubUserDirectory.UNKNOWN_TOTAL;
    private LongConsumer countListener = count -> { };

    /**
     * @param rowsOf makes the rows of one fetched page (in the same order, one per user)
     * @param userOf the sub-user a row shows
     */
    public SubUserGrid(SubUserDirectory directory, long organizationId, Function<List<SubUserRow>, List<R>> rowsOf,
                       Function<R, SubUserRow> userOf) {
        this.directory = directory;
        this.organizationId = organizationId;
        this.rowsOf = rowsOf;
        this.userOf = userOf;
        setMultiSort(false);
        setEmptyStateText(NO_MATCH);
        // Rows are told apart by the user's id, not by value: a page fetched twice kept both copies
        // of every row (the first as the key mapper's key, the second as its value).
        setItems(new CallbackDataProvider<>(this::fetch, this::count, row -> userOf.apply(row).id()));
    }

    /** A grid whose rows are the sub-users themselves. */
    public static SubUserGrid<SubUserRow> of(SubUserDirectory directory, long organizationId) {
        return new SubUserGrid<>(directory, organizationId, page -> page, row -> row);
    }

    public Column<R> addEmailColumn() {
        return addColumn(row -> userOf.apply(row).email()).setHeader("Email").setKey("email")
                .setSortProperty(SubUserOrder.EMAIL.name()).setWidth(EMAIL_WIDTH).setFlexGrow(2);
    }

    public Column<R> addConsoleAccessColumn() {
        return addColumn(row -> userOf.apply(row).accessLabel())
                .setHeader("Access").setKey("access");
    }

    public Column<R> addMfaStateColumn() {
        return addColumn(row -> userOf.apply(row).mfaState().label()).setHeader("MFA").setKey("mfa")
                .setSortProperty(SubUserOrder.MFA_STATE.name());
    }

    public Column<R> addLastSignInColumn() {
        return addColumn(row -> when(userOf.apply(row).lastSignInAt(), "Never")).setHeader("Last sign-in")
                .setKey("lastSignIn").setSortProperty(SubUserOrder.LAST_SIGN_IN.name())
                .setWidth(DATE_WIDTH).setFlexGrow(0);
    }

    public Column<R> addCreatedColumn() {
        return addColumn(row -> when(userOf.apply(row).createdAt(), "")).setHeader("Created").setKey("created")
                .setSortProperty(SubUserOrder.CREATED.name()).setWidth(DATE_WIDTH).setFlexGrow(0);
    }

    /**
     * One "Actions" button per row, kept in view at the grid's end; it opens the row's actions
     * ({@code open} makes an ActionSheet). A Lit template, not a component per row: buttons as
     * server components cost several hundred KB per open view (BENCHMARKS.md).
     */
    public Column<R> addActionsColumn(SerializableConsumer<R> open) {
        return addColumn(LitRenderer.<R>of("<vaadin-button theme='tertiary small' aria-label=${item.actionsLabel} "
                        + "@click=${open}>" + ACTIONS + "</vaadin-button>")
                        .withProperty("actionsLabel", row -> ACTIONS + " for " + userOf.apply(row).email())
                        .withFunction("open", open))
                .setHeader(ACTIONS).setKey("actions").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
    }

    /**
     * Rows chosen by a checkbox each, under a column header that screen readers read as
     * {@code header}: the header holds only a select-all box, hidden for rows read lazily (selecting
     * all would read every user), which left it empty (axe: empty-table-header).
     */
    public void selectMany(String header) {
        setSelectionMode(SelectionMode.MULTI);
        // The browser draws that header: on every attach, since a re-attached grid draws it anew.
        addAttachListener(attach -> getElement().executeJs("""
                const column = this.querySelector('vaadin-grid-flow-selection-column');
                if (column) {
                  column.headerRenderer = root => {
                    if (!root.firstElementChild) {
                      const name = document.createElement('span');
                      name.className = $1;
                      name.textContent = $0;
                      root.appendChild(name);
                    }
                  };
                }""", header, VisuallyHidden.CLASS_NAME));
    }

    /** Told the number of users matching the filter each time the grid counts them. */
    public void onCounted(LongConsumer listener) {
        countListener = listener;
    }

    /** Shows only the sub-users whose email contains {@code text} and, if given, in this MFA state. */
    public void filter(String text, MfaState mfaState) {
        filter = SubUserQuery.all().withEmailContaining(text).withMfaState(mfaState);
        shown = filter.sortedBy(shown.order(), shown.descending());
        lastCount = SubUserDirectory.UNKNOWN_TOTAL;
        getDataProvider().refreshAll();
    }

    /** Reloads the rows on screen, after a change here or one that someone else made. */
    public void refresh() {
        getDataProvider().refreshAll();
    }

    /** The filter and order on screen. */
    public SubUserQuery shownQuery() {
        return shown;
    }

    /** The sub-user of a row. */
    public SubUserRow userOf(R row) {
        return userOf.apply(row);
    }

    private Stream<R> fetch(Query<R, Void> query) {
        SubUserQuery sorted = sorted(query.getSortOrders());
        shown = sorted;
        // A tall browser window or a test may ask for more than one service page: fetch them in turn.
        List<SubUserRow> rows = new ArrayList<>();
        long offset = query.getOffset();
        int wanted = query.getLimit();
        while (rows.size() < wanted) {
            int limit = Math.min(wanted - rows.size(), SubUserDirectory.MAX_PAGE_SIZE);
            List<SubUserRow> page = directory.page(organizationId, sorted, offset + rows.size(), limit, lastCount);
            rows.addAll(page);
            if (page.size() < limit) {
                break;
            }
        }
        return rowsOf.apply(rows).stream();
    }

    private int count(Query<R, Void> query) {
        shown = sorted(query.getSortOrders());
        lastCount = directory.count(organizationId, shown);
        countListener.accept(lastCount);
        return (int) Math.min(lastCount, Integer.MAX_VALUE);
    }

    private SubUserQuery sorted(List<QuerySortOrder> sortOrders) {
        if (sortOrders.isEmpty()) {
            return filter.sortedBy(SubUserOrder.EMAIL, false);
        }
        QuerySortOrder first = sortOrders.get(0);
        return filter.sortedBy(SubUserOrder.valueOf(first.getSorted()), first.getDirection() == SortDirection.DESCENDING);
    }

    private static String when(Instant instant, String otherwise) {
        return instant == null ? otherwise : BrowserZone.minute(instant);
    }
}
