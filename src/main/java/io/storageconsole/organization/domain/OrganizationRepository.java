package io.storageconsole.organization.domain;

import java.util.Optional;
import org.springframework.data.repository.Repository;

public interface OrganizationRepository extends Repository<Organization, Long> {

    Organization save(Organization organization);

    Optional<Organization> findById(long id);
}
