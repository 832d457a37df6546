package io.storageconsole.audit.domain;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface AuditEventRepository extends Repository<AuditEvent, Long> {

    AuditEvent save(AuditEvent event);

    @Query("SELECT * FROM audit_event WHERE target_account_id = :accountId ORDER BY occurred_at DESC, id DESC LIMIT :limit")
    List<AuditEvent> findLatestAbout(long accountId, int limit);

    @Query("SELECT * FROM audit_event WHERE target_account_id = :accountId AND organization_id = :organizationId ORDER BY occurred_at DESC, id DESC LIMIT :limit")
    List<AuditEvent> findLatestAboutInOrganization(long accountId, long organizationId, int limit);
}
