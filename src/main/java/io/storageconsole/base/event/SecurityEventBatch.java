package io.storageconsole.base.event;

import java.util.List;

/**
 * Many {@link SecurityEvent}s of one action (a bulk reset), published as one event so that the
 * audit log and the mail outbox write them with one multi-row insert each, not one per event.
 */
public record SecurityEventBatch(List<SecurityEvent> events) {

    public SecurityEventBatch {
        events = List.copyOf(events);
    }
}
