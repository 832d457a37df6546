package io.storageconsole.organization.ui.component;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserOrder;
import io.storageconsole.account.domain.SubUserQuery;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.service.SubUserDirectory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A lazy grid of the sub-users of one organization: filtering, sorting and paging run in SQL
 * through {@link SubUserDirectory}. It holds the filter, the order and the last count, never more
 * rows than the browser shows.
 */
public class SubUserGrid extends Grid<SubUserRow> {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final SubUserDirectory directory;
    private final long organizationId;
    private SubUserQuery filter = SubUserQuery.all();
    // Read by the CSV download, which runs outside the UI lock.
    private volatile SubUserQuery shown = SubUserQuery.all();
    private long lastCount = SubUserDirectory.UNKNOWN_TOTAL;
    private Consumer<List<SubUserRow>> pageListener = page -> { };

    public SubUserGrid(SubUserDirectory directory, long organizationId) {
        this.directory = directory;
        this.organizationId = organizationId;
        setMultiSort(false);
        setItems(this::fetch, this::count);
    }

    public static String mfaStateText(MfaState state) {
        return switch (state) {
            case ACTIVE -> "Active";
            case PENDING -> "Pending enrolment";
            case OFF -> "Off";
        };
    }

    public Column<SubUserRow> addEmailColumn() {
        return addColumn(SubUserRow::email).setHeader("Email").setKey("email")
                .setSortProperty(SubUserOrder.EMAIL.name()).setFlexGrow(2);
    }

    public Column<SubUserRow> addConsoleAccessColumn() {
        return addColumn(user -> user.consoleAccess() ? "Console and API keys" : "API keys only")
                .setHeader("Access").setKey("access");
    }

    public Column<SubUserRow> addMfaStateColumn() {
        return addColumn(user -> mfaStateText(user.mfaState())).setHeader("MFA").setKey("mfa")
                .setSortProperty(SubUserOrder.MFA_STATE.name());
    }

    public Column<SubUserRow> addLastSignInColumn() {
        return addColumn(user -> when(user.lastSignInAt(), "Never")).setHeader("Last sign-in").setKey("lastSignIn")
                .setSortProperty(SubUserOrder.LAST_SIGN_IN.name());
    }

    public Column<SubUserRow> addCreatedColumn() {
        return addColumn(user -> when(user.createdAt(), "")).setHeader("Created").setKey("created")
                .setSortProperty(SubUserOrder.CREATED.name());
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
    /** Told of every page the grid fetches, before its rows are rendered (e.g. to look up more per row). */
    public void onPageFetched(Consumer<List<SubUserRow>> listener) {
        this.pageListener = listener;
    }

    public SubUserQuery shownQuery() {
        return shown;
    }

    private Stream<SubUserRow> fetch(Query<SubUserRow, Void> query) {
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
        pageListener.accept(rows);
        return rows.stream();
    }

    private int count(Query<SubUserRow, Void> query) {
        shown = sorted(query.getSortOrders());
        lastCount = directory.count(organizationId, shown);
        return (int) Math.min(lastCount, Integer.MAX_VALUE);
    }

    private SubUserQuery sorted(List<QuerySortOrder> sortOrders) {
        if (sortOrders.isEmpty()) {
            return filter.sortedBy(SubUserOrder.EMAIL, false);
        }
        QuerySortOrder first = sortOrders.get(0);
        return filter.sortedBy(SubUserOrder.valueOf(first.getSorted()), first.getDirection() == SortDirection.DESCENDING);
    }

    public static String formatTime(Instant instant) {
        return WHEN.format(instant);
    }

    private static String when(Instant instant, String otherwise) {
        return instant == null ? otherwise : formatTime(instant);
    }
}
