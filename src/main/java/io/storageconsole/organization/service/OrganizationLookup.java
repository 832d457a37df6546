package io.storageconsole.organization.service;

import io.storageconsole.base.database.SqlPatterns;
import io.storageconsole.base.database.Keyset;
import io.storageconsole.organization.domain.Organization;
import io.storageconsole.organization.domain.OrganizationRepository;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Support's look-up of organizations: by the start of their name (any case), paged by keyset on
 * (name, id), and the names behind a page of accounts. Support only.
 */
@Service
public class OrganizationLookup {

    private final OrganizationRepository organizations;

    OrganizationLookup(OrganizationRepository organizations) {
        this.organizations = organizations;
    }

    /** Organizations whose name starts with {@code namePrefix} (blank for all), in name order. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Keyset.Page<OrganizationSummary> search(String namePrefix, Keyset.Request<NameKey> page) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        String prefix = namePrefix == null ? "" : OrganizationNames.normalize(namePrefix);
        String pattern = SqlPatterns.startsWith(prefix.length() > OrganizationNames.MAX_LENGTH
                ? prefix.substring(0, OrganizationNames.MAX_LENGTH) : prefix);
        NameKey anchor = page.anchor() == null ? new NameKey("", 0) : page.anchor();
        List<Organization> scanned = page.isBackward()
                ? organizations.findByNameBefore(pattern, anchor.name(), anchor.id(), page.fetchSize())
                : organizations.findByNameAfter(pattern, anchor.name(), anchor.id(), page.fetchSize());
        return Keyset.Page.of(page, scanned).map(OrganizationSummary::of);
    }

    /** The names of these organizations, by id: one query for a page of accounts. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Map<Long, String> namesOf(Collection<Long> organizationIds) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        if (organizationIds.isEmpty()) {
            return Map.of();
        }
        return organizations.findAllByIdIn(organizationIds).stream()
                .collect(Collectors.toMap(Organization::getId, Organization::getName));
    }

    /** Where a page of organizations starts or ends: the name, and the id among equal names. */
    public record NameKey(String name, long id) {
    }

    public record OrganizationSummary(long id, String name, Instant createdAt) {

        static OrganizationSummary of(Organization organization) {
            return new OrganizationSummary(organization.getId(), organization.getName(), organization.getCreatedAt());
        }

        public NameKey key() {
            return new NameKey(name, id);
        }
    }
}
