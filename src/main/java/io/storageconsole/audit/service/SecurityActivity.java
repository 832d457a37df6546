package io.storageconsole.audit.service;

import io.storageconsole.audit.domain.AuditSearch;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignedInAccount;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** "Security activity" in Profile Settings: the events about the signed-in account, newest first. */
@Service
public class SecurityActivity {

    /** A grid asks for a screenful or two. */
    public static final int MAX_PAGE_SIZE = 200;

    private final AuditSearch search;

    SecurityActivity(AuditSearch search) {
        this.search = search;
    }

    /** Events {@code offset} to {@code offset + limit} about the caller's own account; nobody else's. */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public List<ActivityEntry> mine(long offset, int limit) {
        SignedInAccount me = CurrentAccount.require();
        if (offset < 0 || limit < 0 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("A page is 0 to " + MAX_PAGE_SIZE + " rows from offset 0 on");
        }
        return search.aboutAccount(me.accountId(), offset, limit).stream()
                .map(event -> ActivityEntry.of(event, me.accountId()))
                .toList();
    }
}
