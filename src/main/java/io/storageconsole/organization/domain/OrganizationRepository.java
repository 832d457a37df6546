package io.storageconsole.organization.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface OrganizationRepository extends Repository<Organization, Long> {

    Organization save(Organization organization);

    Optional<Organization> findById(long id);

    /**
     * Organizations whose name matches the LIKE {@code pattern} after ({@code name}, {@code id}) in
     * name order: a range of (name, id) for one page (support's search, keyset paging).
     */
    @Query("SELECT * FROM organization WHERE name LIKE :pattern ESCAPE '!' "
            + "AND (name > :name OR (name = :name AND id > :id)) ORDER BY name, id LIMIT :limit")
    List<Organization> findByNameAfter(String pattern, String name, long id, int limit);

    /** The same before ({@code name}, {@code id}), read backward. */
    @Query("SELECT * FROM organization WHERE name LIKE :pattern ESCAPE '!' "
            + "AND (name < :name OR (name = :name AND id < :id)) ORDER BY name DESC, id DESC LIMIT :limit")
    List<Organization> findByNameBefore(String pattern, String name, long id, int limit);

    @Query("SELECT * FROM organization WHERE id IN (:ids)")
    List<Organization> findAllByIdIn(Collection<Long> ids);
}
