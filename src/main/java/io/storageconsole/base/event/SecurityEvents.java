package io.storageconsole.base.event;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Publishes {@link SecurityEvent}s stamped with the clock's time and the current request's origin. */
@Component
public class SecurityEvents {

    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    SecurityEvents(ApplicationEventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    public void publish(SecurityEventType type, AccountRef actor, Long organizationId,
                        AccountRef target, String details) {
        publisher.publishEvent(new SecurityEvent(type, clock.instant(), actor, organizationId,
                target, details, RequestOrigin.current()));
    }

    /** One event per target, all of this moment and request, published as one {@link SecurityEventBatch}. */
    public void publishAll(SecurityEventType type, AccountRef actor, Long organizationId,
                           List<AccountRef> targets, String details) {
        if (targets.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        RequestOrigin origin = RequestOrigin.current();
        publisher.publishEvent(new SecurityEventBatch(targets.stream()
                .map(target -> new SecurityEvent(type, now, actor, organizationId, target, details, origin))
                .toList()));
    }
}
