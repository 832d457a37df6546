package io.storageconsole.support.service;

import java.time.Instant;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * The latest security events about an account, as the audit log holds them: a port of support's
 * account page that the audit feature implements, so support never depends on audit (nobody does).
 */
@NamedInterface("history")
public interface SecurityHistory {

    /** Newest first; support only. */
    List<Entry> recentEventsAbout(long accountId, int limit);

    /**
     * One audit row as people read it: never a secret, because no event carries one.
     *
     * @param actorEmail null when nobody signed in acted (a failed sign-in)
     */
    @NamedInterface("history")
    record Entry(Instant occurredAt, String type, String actorEmail, String details, String ip, String userAgent) {
    }
}
