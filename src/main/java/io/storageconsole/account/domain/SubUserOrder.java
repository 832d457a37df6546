package io.storageconsole.account.domain;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The orders the sub-user grids offer. Each one is the tail of an index of V020, and ends with a
 * unique column so that pages never overlap or skip a row.
 */
public enum SubUserOrder {
    EMAIL(List.of("email")),
    // By the stored name of the state (ACTIVE, OFF, PENDING): the order the index holds.
    MFA_STATE(List.of("mfa_state", "email")),
    LAST_SIGN_IN(List.of("last_sign_in_at", "id")),
    CREATED(List.of("created_at", "id"));

    private final List<String> columns;

    SubUserOrder(List<String> columns) {
        this.columns = columns;
    }

    /** The ORDER BY list, every column in one direction so that one index scan serves it. */
    String orderBy(String tableAlias, boolean descending) {
        String direction = descending ? " DESC" : " ASC";
        return columns.stream().map(column -> tableAlias + column + direction).collect(Collectors.joining(", "));
    }
}
