package io.storageconsole.base.database;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Paging by seeking past the sort key of the last row seen (keyset paging): every page is one range
 * of an index, as quick at the thousandth page as at the first, and nothing is ever counted or
 * skipped. A page is read with one row more than it shows, which tells whether another page follows.
 */
public final class Keyset {

    /** The most rows one page may ask for. */
    public static final int MAX_PAGE_SIZE = 200;

    private Keyset() {
    }

    public enum Direction {
        /** The rows after the anchor, in the list's order. */
        FORWARD,
        /** The rows before the anchor, read in reverse and handed back in the list's order. */
        BACKWARD
    }

    /**
     * One page to read.
     *
     * @param anchor the sort key of the row to start after (or before, going backward); null for
     *               the first page
     */
    public record Request<K>(K anchor, Direction direction, int size) {

        public Request {
            Objects.requireNonNull(direction, "direction");
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("A page is 1 to " + MAX_PAGE_SIZE + " rows, not " + size);
            }
            if (anchor == null && direction == Direction.BACKWARD) {
                throw new IllegalArgumentException("Going backward needs the anchor to go back from");
            }
        }

        public static <K> Request<K> first(int size) {
            return new Request<>(null, Direction.FORWARD, size);
        }

        public static <K> Request<K> after(K anchor, int size) {
            return new Request<>(Objects.requireNonNull(anchor, "anchor"), Direction.FORWARD, size);
        }

        public static <K> Request<K> before(K anchor, int size) {
            return new Request<>(anchor, Direction.BACKWARD, size);
        }

        public boolean isBackward() {
            return direction == Direction.BACKWARD;
        }

        /** How many rows the query reads: one more than the page shows. */
        public int fetchSize() {
            return size + 1;
        }
    }

    /**
     * One page of rows in the list's order.
     *
     * @param hasPrevious whether rows come before this page (as far as the reading knows)
     * @param hasNext     whether rows come after it
     */
    public record Page<T>(List<T> rows, boolean hasPrevious, boolean hasNext) {

        public Page {
            rows = List.copyOf(rows);
        }

        /**
         * The page of a request from the rows its query read ({@link Request#fetchSize()} at most,
         * in the order the query scanned: reversed when going backward).
         */
        public static <T> Page<T> of(Request<?> request, List<T> scanned) {
            boolean more = scanned.size() > request.size();
            List<T> rows = new ArrayList<>(scanned.subList(0, Math.min(scanned.size(), request.size())));
            if (request.isBackward()) {
                Collections.reverse(rows);
                return new Page<>(rows, more, true);
            }
            return new Page<>(rows, request.anchor() != null, more);
        }

        public <U> Page<U> map(java.util.function.Function<T, U> mapper) {
            return new Page<>(rows.stream().map(mapper).toList(), hasPrevious, hasNext);
        }

        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }
}
