package io.storageconsole.organization.service;

import io.storageconsole.organization.domain.Organization;
import io.storageconsole.organization.domain.OrganizationRepository;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import org.springframework.security.access.AccessDeniedException;

/** The organization of the signed-in root user: the only one whose policies that user may change. */
final class RootOrganization {

    private RootOrganization() {
    }

    static Organization require(OrganizationRepository organizations) {
        SignedInAccount me = CurrentAccount.require();
        if (!me.hasRole(Roles.ROOT) || me.organizationId() == null) {
            throw new AccessDeniedException("Only the root user governs the organization");
        }
        return organizations.findById(me.organizationId())
                .orElseThrow(() -> new AccessDeniedException("No organization " + me.organizationId()));
    }
}
