package io.storageconsole.base.event;

import java.time.Instant;

/**
 * A security-relevant fact that a feature publishes inside the transaction that causes it. The
 * audit log and the mail outbox listen, so no feature depends on them.
 *
 * @param actor          who acted; null when nobody is signed in (a failed sign-in)
 * @param organizationId the organization the event belongs to; null for support-only events
 * @param target         whose account the event concerns; null when it concerns no account
 * @param details        free text for people reading the audit log; never a secret
 */
public record SecurityEvent(SecurityEventType type, Instant occurredAt, AccountRef actor,
                            Long organizationId, AccountRef target, String details,
                            RequestOrigin origin) {
}
