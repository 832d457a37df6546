package io.storageconsole.audit.domain;

import java.time.Instant;

/**
 * Which events of an organization the audit log shows: every part is optional (null or blank).
 *
 * @param userContains text found anywhere in the actor's or the target's email
 * @param eventType    one event type's name
 * @param from         the first moment shown
 * @param until        the first moment no longer shown
 */
public record AuditQuery(String userContains, String eventType, Instant from, Instant until) {

    public AuditQuery {
        userContains = userContains == null || userContains.isBlank() ? null : userContains.strip().toLowerCase(java.util.Locale.ROOT);
        eventType = eventType == null || eventType.isBlank() ? null : eventType;
    }

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null);
    }
}
