package io.storageconsole.account.domain;

import java.util.Locale;

/**
 * What a sub-user grid shows: an optional email prefix, an optional MFA state and an order.
 * Email filters match the start of the address: a prefix is a range of the email index, while
 * "contains" would read every sub-user of the organization.
 */
public record SubUserQuery(String emailPrefix, MfaState mfaState, SubUserOrder order, boolean descending) {

    public SubUserQuery {
        // Stored addresses are stripped and lower-cased; the filter is compared the same way.
        emailPrefix = emailPrefix == null ? "" : emailPrefix.strip().toLowerCase(Locale.ROOT);
        order = order == null ? SubUserOrder.EMAIL : order;
    }

    public static SubUserQuery all() {
        return new SubUserQuery("", null, SubUserOrder.EMAIL, false);
    }

    public SubUserQuery withEmailPrefix(String prefix) {
        return new SubUserQuery(prefix, mfaState, order, descending);
    }

    public SubUserQuery withMfaState(MfaState state) {
        return new SubUserQuery(emailPrefix, state, order, descending);
    }

    public SubUserQuery sortedBy(SubUserOrder newOrder, boolean newDescending) {
        return new SubUserQuery(emailPrefix, mfaState, newOrder, newDescending);
    }

    /** The same rows in the opposite order: a page near the end is read from the end of the index. */
    SubUserQuery reversed() {
        return new SubUserQuery(emailPrefix, mfaState, order, !descending);
    }
}
