package io.storageconsole.session.service;

/**
 * The session lifetime an organization sets. The organization feature answers; the session feature
 * asks on every request, without depending on it.
 */
public interface SessionLifetimePolicy {

    /** The organization's limits; {@link SessionLifetime#DEFAULT} for a null organization (support). */
    SessionLifetime sessionLifetimeOf(Long organizationId);
}
