package io.storageconsole.audit;

import io.storageconsole.audit.service.AuditLog;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.base.event.SecurityEvent;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.security.SignedInAccount;
import java.time.Instant;

/** Audit rows written through the audit log's own listener, at chosen moments, for the audit tests. */
public final class AuditRows {

    public static final String CHROME_ON_LINUX =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    public static final RequestOrigin FROM_LINUX = new RequestOrigin("203.0.113.7", CHROME_ON_LINUX);

    private final AuditLog auditLog;

    public AuditRows(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    public static AccountRef ref(SignedInAccount account) {
        return new AccountRef(account.accountId(), account.email());
    }

    /** An event by {@code actor} (null: nobody signed in) about {@code target} in the target's organization. */
    public void write(SecurityEventType type, Instant at, SignedInAccount actor, SignedInAccount target, String details) {
        write(type, at, actor == null ? null : ref(actor), target.organizationId(), ref(target), details);
    }

    public void write(SecurityEventType type, Instant at, AccountRef actor, Long organizationId, AccountRef target,
                      String details) {
        auditLog.record(new SecurityEvent(type, at, actor, organizationId, target, details, FROM_LINUX));
    }
}
