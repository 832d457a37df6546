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
        publishAll(type, actor, targets.stream().map(target -> new Subject(organizationId, target, details)).toList());
    }

    /**
     * One event per subject, each with its own organization, target and details (the sessions a
     * bulk reset ends), all of this moment and request, published as one {@link SecurityEventBatch}.
     */
    public void publishAll(SecurityEventType type, AccountRef actor, List<Subject> subjects) {
        if (subjects.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        RequestOrigin origin = RequestOrigin.current();
        publisher.publishEvent(new SecurityEventBatch(subjects.stream()
                .map(subject -> new SecurityEvent(type, now, actor, subject.organizationId(), subject.target(),
                        subject.details(), origin))
                .toList()));
    }

    /** What one event of a batch is about; see {@link SecurityEvent} for the fields. */
    public record Subject(Long organizationId, AccountRef target, String details) {
    }
}
