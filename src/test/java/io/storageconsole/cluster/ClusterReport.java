package io.storageconsole.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The suite's table, one row per case, recorded before the case asserts so that a failing case
 * shows its numbers too. requests: what was sent; accepted: acted on (a code accepted, an attempt
 * evaluated, a change saved, a mail delivered, a request served); refused: turned away as the rules
 * say; errors: HTTP 5xx, no answer, or a duplicate; lost: acknowledged but gone afterwards.
 */
final class ClusterReport {

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(String caseName, long requests, long accepted, long refused, long errors, long lost, String notes) {
        rows.removeIf(row -> row.caseName().equals(caseName));
        rows.add(new Row(caseName, requests, accepted, refused, errors, lost, notes));
    }

    synchronized String table() {
        StringBuilder table = new StringBuilder()
                .append("| case | requests | accepted | refused | errors | lost | notes |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.caseName()).append(" | ").append(row.requests()).append(" | ")
                    .append(row.accepted()).append(" | ").append(row.refused()).append(" | ").append(row.errors())
                    .append(" | ").append(row.lost()).append(" | ").append(row.notes()).append(" |\n");
        }
        return table.toString();
    }

    private record Row(String caseName, long requests, long accepted, long refused, long errors, long lost,
                       String notes) {
    }
}
