package io.storageconsole.organization.service;

import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.mfa.service.MfaEnforcementPolicy;
import io.storageconsole.organization.domain.Organization;
import io.storageconsole.organization.domain.OrganizationRepository;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether an organization makes MFA mandatory, and from when: set by its root user, asked by the MFA
 * feature at every sign-in. Depends on nothing that signs in, so the sign-in path has no cycle.
 */
@Service
public class MfaEnforcementSettings implements MfaEnforcementPolicy {

    public static final int MAX_GRACE_DAYS = 90;
    public static final String GRACE_DAYS_PROBLEM = "Enter a whole number of days from 0 to " + MAX_GRACE_DAYS
            + ", or leave it empty for no grace period.";

    private final OrganizationRepository organizations;
    private final PasswordConfirmation passwords;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MfaEnforcementSettings(OrganizationRepository organizations, PasswordConfirmation passwords, SecurityEvents events,
                           TransactionTemplate transactions, Clock clock) {
        this.organizations = organizations;
        this.passwords = passwords;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean isMfaEnforced(Long organizationId) {
        return organizationId != null
                && organizations.findById(organizationId).map(Organization::isMfaEnforced).orElse(false);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean isEnrolmentRequiredNow(Long organizationId) {
        return organizationId != null && organizations.findById(organizationId)
                .map(organization -> organization.isEnrolmentRequiredAt(clock.instant())).orElse(false);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Instant> enrolmentDeadline(Long organizationId) {
        Instant now = clock.instant();
        return organizationId == null ? Optional.empty() : organizations.findById(organizationId)
                .filter(Organization::isMfaEnforced)
                .map(Organization::getMfaGraceEndsAt)
                .filter(graceEndsAt -> graceEndsAt.isAfter(now));
    }

    /** The organization's MFA enforcement as Organization-wide Policies shows it. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public MfaEnforcement mfaEnforcement() {
        Organization organization = RootOrganization.require(organizations);
        return new MfaEnforcement(organization.isMfaEnforced(), organization.getMfaGraceEndsAt());
    }

    /**
     * "Enforce MFA policy to all users in your organization": while on, nobody can turn MFA off, and
     * every user without active MFA, the root included, must enrol at the next sign-in, or once the
     * grace period (0 to 90 days, as typed: blank for none) has ended. Asks for the root's password
     * again; anything unreadable in the grace period is refused on its field, nothing changed.
     */
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public MfaEnforcement setMfaEnforcement(boolean enforced, String typedGraceDays, String password) {
        SignedInAccount me = CurrentAccount.require();
        Integer graceDays = enforced ? graceDaysOf(typedGraceDays) : null;
        passwords.require(password);
        return transactions.execute(status -> {
            Organization organization = RootOrganization.require(organizations);
            if (enforced) {
                Instant graceEndsAt = graceDays == null || graceDays == 0 ? null
                        : clock.instant().plus(Duration.ofDays(graceDays));
                organization.enforceMfa(graceEndsAt);
            } else {
                organization.stopEnforcingMfa();
            }
            organizations.save(organization);
            AccountRef actor = new AccountRef(me.accountId(), me.email());
            events.publish(SecurityEventType.MFA_ENFORCEMENT_CHANGED, actor, organization.getId(), null,
                    enforced ? "MFA enforced for every user" + (graceDays == null || graceDays == 0 ? ""
                            : ", grace period " + graceDays + " days") : "MFA no longer enforced");
            return new MfaEnforcement(organization.isMfaEnforced(), organization.getMfaGraceEndsAt());
        });
    }

    /** A grace period as typed: blank for none, else a whole number of days from 0 to 90. */
    static Integer graceDaysOf(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String digits = typed.strip();
        if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > MAX_GRACE_DAYS) {
            throw InvalidInputException.of("graceDays", GRACE_DAYS_PROBLEM);
        }
        return Integer.parseInt(digits);
    }

    /** @param graceEndsAt until when users without MFA may still sign in without enrolling; null for none */
    public record MfaEnforcement(boolean enforced, Instant graceEndsAt) {
    }

}
