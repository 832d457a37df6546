package io.storageconsole.organization.service;

import io.storageconsole.account.service.AccountRegistration;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.FieldErrors;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.organization.domain.Organization;
import io.storageconsole.organization.domain.OrganizationRepository;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.time.Clock;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
/** Organizations: signing one up with its root user, and its name. */
public class OrganizationService {

    private final OrganizationRepository organizations;
    private final AccountRegistration accounts;
    private final SecurityEvents events;
    private final Clock clock;

    OrganizationService(OrganizationRepository organizations, AccountRegistration accounts, SecurityEvents events,
                        Clock clock) {
        this.organizations = organizations;
        this.accounts = accounts;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Creates an organization and its root user in one transaction. Every field is checked before
     * anything is written; the unique email key settles a race, rolling the organization back too.
     */
    @Transactional(rollbackFor = InvalidInputException.class)
    public SignUpResult signUp(String organizationName, String email, String password, String confirmation) {
        FieldErrors errors = new FieldErrors();
        errors.add("organizationName", OrganizationNames.problemWith(organizationName));
        accounts.checkNewAccount(email, password, errors);
        if (errors.isEmpty() && !Objects.equals(password, confirmation)) {
            errors.add("confirmation", "The password and its confirmation differ.");
        }
        errors.throwIfAny();

        Organization organization = organizations.save(
                new Organization(OrganizationNames.normalize(organizationName), clock.instant()));
        AccountRef root = accounts.createRoot(organization.getId(), email, password);
        events.publish(SecurityEventType.ORGANIZATION_CREATED, root, organization.getId(), root,
                "Organization \"" + organization.getName() + "\" signed up");
        return new SignUpResult(organization.getId(), root.id(), root.email());
    }

    /** The name of an organization, for its own members and for support. */
    @Transactional(readOnly = true)
    public String nameOf(long organizationId) {
        SignedInAccount me = CurrentAccount.require();
        if (!me.hasRole(Roles.SUPPORT) && !Objects.equals(me.organizationId(), organizationId)) {
            throw new AccessDeniedException("Not a member of organization " + organizationId);
        }
        return organizations.findById(organizationId).map(Organization::getName)
                .orElseThrow(() -> new AccessDeniedException("No organization " + organizationId));
    }

    public record SignUpResult(long organizationId, long rootAccountId, String rootEmail) {
    }
}
