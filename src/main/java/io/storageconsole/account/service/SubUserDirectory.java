package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.domain.MfaCounts;
import io.storageconsole.account.domain.MfaOverview;
import io.storageconsole.account.domain.SubUserQuery;
import io.storageconsole.account.domain.SubUserRow;
import io.storageconsole.account.domain.SubUserSearch;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ConcurrentChangeException;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a root user reads about the sub-users of their organization: the pages of the grids, their
 * counts, the MFA summary and the CSV export. Everything runs in SQL a page or a row at a time, so
 * an organization of any size costs the same memory.
 */
@Service
public class SubUserDirectory {

    /** A grid asks for a screenful or two; anything larger is an export. */
    public static final int MAX_PAGE_SIZE = 500;
    /** Tells {@link #page} that the caller does not know how many rows the query has. */
    public static final long UNKNOWN_TOTAL = -1;

    private final SubUserSearch search;
    private final AccountRepository accounts;
    private final SecurityEvents events;

    SubUserDirectory(SubUserSearch search, AccountRepository accounts, SecurityEvents events) {
        this.search = search;
        this.accounts = accounts;
        this.events = events;
    }

    /**
     * One sub-user of the calling root's organization: one deleted meanwhile is a concurrent change
     * (the view says so), any other account is refused.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public AccountSummary subUserOfMyOrganization(long accountId) {
        SignedInAccount me = RootUser.requireRoot();
        Account account = accounts.findById(accountId)
                .orElseThrow(() -> new ConcurrentChangeException(SubUserAdministration.USER_GONE));
        if (!Objects.equals(account.getOrganizationId(), me.organizationId()) || account.getRole() != AccountRole.SUB_USER) {
            throw new AccessDeniedException("Account " + accountId + " is not a sub-user of organization " + me.organizationId());
        }
        return AccountSummary.of(account);
    }

    /**
     * Rows {@code offset} to {@code offset + limit} of the query. With the count the caller already
     * has ({@code knownTotal}), a page nearer the end is read from the end; a stale count only shifts
     * the page as a concurrent insert would. "Nearer" weighs the rows after the page 1.5 times: InnoDB
     * walks an index backwards at about 1.5-1.9 times the cost forwards here (decision 0035). So a
     * forward scan reaches up to 60% of the rows, a backward one up to 40%.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public List<SubUserRow> page(long organizationId, SubUserQuery query, long offset, int limit, long knownTotal) {
        RootUser.requireRootOf(organizationId);
        if (offset < 0 || limit < 0 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("A page is 0 to " + MAX_PAGE_SIZE + " rows from offset 0 on");
        }
        if (knownTotal > 0 && 2 * offset > 3 * (knownTotal - offset - limit)) {
            long end = Math.min(offset + limit, knownTotal);
            if (end <= offset) {
                return List.of();
            }
            return search.pageFromEnd(organizationId, query, knownTotal - end, (int) (end - offset));
        }
        return search.page(organizationId, query, offset, limit);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public long count(long organizationId, SubUserQuery query) {
        RootUser.requireRootOf(organizationId);
        return search.count(organizationId, query);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public MfaCounts mfaCounts(long organizationId) {
        RootUser.requireRootOf(organizationId);
        return search.mfaCounts(organizationId);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public MfaOverview mfaOverview(long organizationId) {
        RootUser.requireRootOf(organizationId);
        return search.mfaOverview(organizationId);
    }

    /**
     * Writes every sub-user the query matches to {@code out} as CSV, row by row as the database
     * streams them, and returns how many rows it wrote. Leaves {@code out} open.
     */
    @PreAuthorize("hasRole('" + Roles.ROOT + "')")
    public long exportCsv(long organizationId, SubUserQuery query, OutputStream out) throws IOException {
        RootUser.requireRootOf(organizationId);
        SignedInAccount me = CurrentAccount.require();
        // Recorded before the first row leaves, so that an export cut short is on record too.
        events.publish(SecurityEventType.SUB_USERS_EXPORTED, new AccountRef(me.accountId(), me.email()),
                organizationId, null, "Exported the users list as CSV: " + describe(query));
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        SubUserCsv csv = new SubUserCsv(writer);
        csv.writeHeader();
        try {
            search.forEach(organizationId, query, csv::write);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        return csv.rows();
    }

    private static String describe(SubUserQuery query) {
        return "email contains \"" + query.emailContains() + "\", MFA state "
                + (query.mfaState() == null ? "any" : query.mfaState().name())
                + ", sorted by " + query.order().name() + (query.descending() ? " descending" : " ascending");
    }
}
