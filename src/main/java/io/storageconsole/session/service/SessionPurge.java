package io.storageconsole.session.service;

import io.storageconsole.session.domain.ConsoleSessionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Forgets sessions that ended a week ago or were inactive longer than any organization allows. */
// Created at start-up although beans are lazy (application.properties): its @Scheduled task must run.
@Lazy(false)
@Component
public class SessionPurge {

    /** Ended sessions are kept this long for anyone investigating, then purged. */
    static final Duration KEEP_ENDED = Duration.ofDays(7);

    private final ConsoleSessionRepository sessions;
    private final Clock clock;

    SessionPurge(ConsoleSessionRepository sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${console.sessions.purge-interval}", initialDelayString = "${console.sessions.purge-interval}")
    @Transactional
    public void purge() {
        Instant now = clock.instant();
        sessions.purge(now.minus(KEEP_ENDED), now.minus(SessionLifetime.MAX_INACTIVITY).minus(Duration.ofDays(1)));
    }
}
