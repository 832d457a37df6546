package io.storageconsole.account.domain;

import org.springframework.modulith.NamedInterface;

import io.storageconsole.base.database.AnchoredPaging.SortKey;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The orders the sub-user grids offer. Each one is the tail of two indexes of V020 (without and
 * with the MFA-state filter; by last sign-in without it, V137's), named here so that every page is
 * a range scan of the right one, and ends with a unique column so that pages never overlap or skip
 * a row.
 */
@NamedInterface("model")
public enum SubUserOrder {
    EMAIL(List.of(new SortKey("a.email", false)), "ix_account_org_role_email", "ix_account_org_role_mfa_email"),
    // By the stored name of the state (ACTIVE, OFF, PENDING): the order the index holds.
    MFA_STATE(List.of(new SortKey("a.mfa_state", false), new SortKey("a.email", false)),
            "ix_account_org_role_mfa_email", "ix_account_org_role_mfa_email"),
    LAST_SIGN_IN(List.of(new SortKey("a.last_sign_in_at", true), new SortKey("a.id", false)),
            "ix_account_org_role_sign_in_email", "ix_account_org_role_mfa_sign_in"),
    CREATED(List.of(new SortKey("a.created_at", false), new SortKey("a.id", false)),
            "ix_account_org_role_created", "ix_account_org_role_mfa_created");

    private final List<SortKey> keys;
    private final String index;
    private final String indexWithMfaState;

    SubUserOrder(List<SortKey> keys, String index, String indexWithMfaState) {
        this.keys = keys;
        this.index = index;
        this.indexWithMfaState = indexWithMfaState;
    }

    List<SortKey> keys() {
        return keys;
    }

    /** The index whose tail is this order, for a query with or without the MFA-state filter. */
    String index(boolean mfaStateFiltered) {
        return mfaStateFiltered ? indexWithMfaState : index;
    }

    /**
     * Whether pages of this order seek from the email rank (V131): by email, or by MFA state and
     * email, which is the rank's partitions one after the other.
     */
    boolean rankedByEmail() {
        return this == EMAIL || this == MFA_STATE;
    }

    /**
     * Whether a local-part text in many rows is scanned on this order's index, which carries the email
     * (V020's email indexes). The last sign-in's carries it too (V137), but without the MFA-state
     * filter such a text pages from the suffixes, which carry the last sign-in (decision 0038).
     */
    boolean scannedForLocalText() {
        return this == EMAIL || this == MFA_STATE;
    }

    /** Whether the rows of the "contains" suffixes carry this order's keys (V130; the last sign-in V138). */
    boolean keptInSuffixes() {
        return this == EMAIL || this == CREATED || this == LAST_SIGN_IN;
    }

    /** The ORDER BY list (columns of alias {@code a}), every column in one direction so that one index scan serves it. */
    String orderBy(boolean descending) {
        String direction = descending ? " DESC" : " ASC";
        return keys.stream().map(key -> key.column() + direction).collect(Collectors.joining(", "));
    }
}
