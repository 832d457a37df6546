package io.storageconsole.audit.domain;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface AuditEventRepository extends Repository<AuditEvent, Long> {

    /** The latest events about an account, newest first: a range of V003's index on (target_account_id, occurred_at). */
    @Query("SELECT * FROM audit_event WHERE target_account_id = :accountId ORDER BY occurred_at DESC, id DESC LIMIT :limit")
    List<AuditEvent> findLatestAbout(long accountId, int limit);
}
