package io.storageconsole.account.domain;

import org.springframework.modulith.NamedInterface;

import java.util.Locale;

/**
 * What a sub-user grid shows: the sub-users whose email contains a text (anywhere, any case; empty
 * for all), optionally only those in one MFA state, in one order.
 */
@NamedInterface("model")
public record SubUserQuery(String emailContains, MfaState mfaState, SubUserOrder order, boolean descending) {

    public SubUserQuery {
        // Stored addresses are stripped and lower-cased; the filter is compared the same way.
        emailContains = emailContains == null ? "" : emailContains.strip().toLowerCase(Locale.ROOT);
        order = order == null ? SubUserOrder.EMAIL : order;
    }

    public static SubUserQuery all() {
        return new SubUserQuery("", null, SubUserOrder.EMAIL, false);
    }

    public SubUserQuery withEmailContaining(String text) {
        return new SubUserQuery(text, mfaState, order, descending);
    }

    public SubUserQuery withMfaState(MfaState state) {
        return new SubUserQuery(emailContains, state, order, descending);
    }

    public SubUserQuery sortedBy(SubUserOrder newOrder, boolean newDescending) {
        return new SubUserQuery(emailContains, mfaState, newOrder, newDescending);
    }
}
