package io.storageconsole.base.service;

import java.time.Instant;
import java.util.List;

/**
 * The latest security events about an account, as the audit log holds them. The audit feature
 * answers; support's account page asks, without depending on it (nobody depends on audit).
 */
public interface SecurityHistory {

    /** Newest first, as far as the caller may see them; refused for anyone who may not. */
    List<Entry> recentEventsAbout(long accountId, int limit);

    /**
     * One audit row as people read it: never a secret, because no event carries one.
     *
     * @param actorEmail null when nobody signed in acted (a failed sign-in)
     */
    record Entry(Instant occurredAt, String type, String actorEmail, String details, String ip, String userAgent) {
    }
}
