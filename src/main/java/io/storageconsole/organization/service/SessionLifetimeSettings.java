package io.storageconsole.organization.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.FieldErrors;
import io.storageconsole.session.service.SessionLifetime;
import io.storageconsole.session.service.SessionLifetimePolicy;
import io.storageconsole.organization.domain.Organization;
import io.storageconsole.organization.domain.OrganizationRepository;
import io.storageconsole.organization.domain.OrganizationSessionLimits;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.time.Duration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The session lifetime of an organization: an inactivity timeout and an optional "Require login
 * after". The root user sets it; every session of the organization obeys it from its next request.
 */
@Service
public class SessionLifetimeSettings implements SessionLifetimePolicy {

    private final OrganizationRepository organizations;
    private final OrganizationSessionLimits limits;
    private final SecurityEvents events;

    SessionLifetimeSettings(OrganizationRepository organizations, OrganizationSessionLimits limits, SecurityEvents events) {
        this.organizations = organizations;
        this.limits = limits;
        this.events = events;
    }

    // One read, so no transaction of its own (in a caller's, it joins).
    @Override
    public SessionLifetime sessionLifetimeOf(Long organizationId) {
        if (organizationId == null) {
            return SessionLifetime.DEFAULT;
        }
        return limits.find(organizationId).map(found -> lifetimeOf(found.idleMinutes(), found.maxDays()))
                .orElse(SessionLifetime.DEFAULT);
    }

    /** The calling root's organization's session lifetime, as Organization-wide Policies shows it. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public SessionLifetime current() {
        return lifetimeOf(RootOrganization.require(organizations));
    }

    /**
     * Changes the calling root's organization's session lifetime.
     *
     * @param inactivityTimeout     15 minutes to 90 days, in whole minutes
     * @param requireLoginAfter     whether sessions end a number of days after sign-in at the latest
     * @param requireLoginAfterDays that number, 1 to 90; ignored when {@code requireLoginAfter} is off
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public SessionLifetime change(Duration inactivityTimeout, boolean requireLoginAfter, Integer requireLoginAfterDays) {
        SignedInAccount me = CurrentAccount.require();
        FieldErrors errors = new FieldErrors();
        if (inactivityTimeout == null) {
            errors.add("inactivityTimeout", "Enter how long a session may stay inactive.");
        } else if (inactivityTimeout.compareTo(SessionLifetime.MIN_INACTIVITY) < 0
                || inactivityTimeout.compareTo(SessionLifetime.MAX_INACTIVITY) > 0
                || inactivityTimeout.toSecondsPart() != 0 || inactivityTimeout.toNanosPart() != 0) {
            errors.add("inactivityTimeout", "Choose an inactivity timeout from 15 minutes to 90 days.");
        }
        if (requireLoginAfter && (requireLoginAfterDays == null
                || requireLoginAfterDays < SessionLifetime.MIN_REQUIRE_LOGIN_AFTER_DAYS
                || requireLoginAfterDays > SessionLifetime.MAX_REQUIRE_LOGIN_AFTER_DAYS)) {
            errors.add("requireLoginAfter", "Choose 1 to 90 days, or turn this limit off.");
        }
        errors.throwIfAny();

        Integer maxDays = requireLoginAfter ? requireLoginAfterDays : null;
        Organization organization = RootOrganization.require(organizations);
        organization.limitSessions((int) inactivityTimeout.toMinutes(), maxDays);
        organizations.save(organization);
        SessionLifetime changed = lifetimeOf(organization);
        events.publish(SecurityEventType.SESSION_LIFETIME_CHANGED, new AccountRef(me.accountId(), me.email()),
                organization.getId(), null, "Sessions end after " + SessionLifetime.describe(changed.inactivityTimeout())
                        + " of inactivity; require login after: "
                        + (maxDays == null ? "off" : SessionLifetime.describe(Duration.ofDays(maxDays))));
        return changed;
    }

    private static SessionLifetime lifetimeOf(Organization organization) {
        return lifetimeOf(organization.getSessionIdleMinutes(), organization.getSessionMaxDays());
    }

    private static SessionLifetime lifetimeOf(int idleMinutes, Integer maxDays) {
        return new SessionLifetime(Duration.ofMinutes(idleMinutes), maxDays == null ? null : Duration.ofDays(maxDays));
    }
}
