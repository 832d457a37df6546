package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditEvent;
import io.storageconsole.base.event.EventLabels;
import io.storageconsole.base.event.UserAgents;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of a user's own security activity, as they read it. Where and in which browser it
 * happened is shown for what the user did, and for what nobody signed in did (a wrong password
 * typed somewhere): never another person's address, such as a support member's.
 *
 * @param by     "You", "Support", the address of the root user who acted, or empty for nobody signed in
 * @param ip     empty when someone else acted
 * @param device "Chrome on Linux"; empty when someone else acted
 */
public record ActivityEntry(long id, Instant occurredAt, String event, String by, String ip, String device,
                            String details) {

    public static final String YOU = "You";
    public static final String SUPPORT = "Support";

    static ActivityEntry of(AuditEvent event, long myAccountId) {
        boolean mine = event.actorAccountId() == null || Objects.equals(event.actorAccountId(), myAccountId);
        String by = event.actorAccountId() == null ? ""
                : event.actorAccountId() == myAccountId ? YOU
                : bySupport(event) ? SUPPORT
                : Objects.requireNonNullElse(event.actorEmail(), "");
        return new ActivityEntry(event.id(), event.occurredAt(), EventLabels.of(event.eventType()), by,
                mine ? Objects.requireNonNullElse(event.ip(), "") : "",
                mine && event.userAgent() != null ? UserAgents.describe(event.userAgent()) : "",
                Objects.requireNonNullElse(event.details(), ""));
    }

    /**
     * Support's own event types, and events of no organization (support belongs to none, and its MFA
     * reset is filed under its own): a support member's address is staff's, not the customer's to see.
     */
    private static boolean bySupport(AuditEvent event) {
        String type = event.eventType();
        return event.organizationId() == null || type.startsWith("SUPPORT_") || type.equals("MFA_CODES_UNLOCKED")
                || type.equals("SIGN_IN_BLOCKS_LIFTED");
    }
}
