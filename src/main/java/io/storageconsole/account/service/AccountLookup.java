package io.storageconsole.account.service;

import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.base.database.SqlPatterns;
import io.storageconsole.base.database.Keyset;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Support's look-up of customer accounts across every organization: search pages, one account, the
 * accounts behind a page of the queue. Support only; never a password hash (AccountSummary has none).
 * Searches page by email with keyset paging on the email indexes, so no query reads more than a page.
 */
@Service
public class AccountLookup {

    /** The longest search text; an address is at most 254 characters. */
    public static final int MAX_PREFIX = 254;

    private final AccountRepository accounts;

    AccountLookup(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /**
     * Customer accounts (roots and sub-users) whose email starts with {@code emailPrefix} (any
     * case; blank for all), in email order; only those of {@code organizationId} when it is given.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Keyset.Page<AccountSummary> search(Long organizationId, String emailPrefix, Keyset.Request<String> page) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        String pattern = likePrefix(emailPrefix == null ? "" : emailPrefix.strip());
        String anchor = page.anchor() == null ? "" : page.anchor();
        List<Account> scanned;
        if (organizationId == null) {
            scanned = page.isBackward() ? accounts.findCustomersBefore(pattern, anchor, page.fetchSize())
                    : accounts.findCustomersAfter(pattern, anchor, page.fetchSize());
        } else {
            scanned = page.isBackward() ? accounts.findInOrganizationBefore(organizationId, pattern, anchor, page.fetchSize())
                    : accounts.findInOrganizationAfter(organizationId, pattern, anchor, page.fetchSize());
        }
        return Keyset.Page.of(page, scanned).map(AccountSummary::of);
    }

    /** One account, if it exists. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Optional<AccountSummary> find(long accountId) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        return accounts.findById(accountId).map(AccountSummary::of);
    }

    /** The accounts among {@code accountIds} that exist, by id: one query for a page of the queue. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Map<Long, AccountSummary> findAll(Collection<Long> accountIds) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        if (accountIds.isEmpty()) {
            return Map.of();
        }
        return accounts.findAllByIdIn(accountIds).stream().map(AccountSummary::of)
                .collect(Collectors.toMap(AccountSummary::id, Function.identity()));
    }

    /** The root users of these organizations, by organization id: one query for a page of organizations. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Map<Long, AccountSummary> rootsOf(Collection<Long> organizationIds) {
        CurrentAccount.requireRole(Roles.SUPPORT);
        if (organizationIds.isEmpty()) {
            return Map.of();
        }
        return accounts.findRootsOf(organizationIds).stream()
                .filter(account -> account.getRole() == AccountRole.ROOT)
                .map(AccountSummary::of)
                .collect(Collectors.toMap(AccountSummary::organizationId, Function.identity(), (a, b) -> a));
    }

    /** Addresses starting with {@code prefix}, cut to the longest address. */
    static String likePrefix(String prefix) {
        if (prefix.length() > MAX_PREFIX) {
            prefix = prefix.substring(0, MAX_PREFIX);
        }
        return SqlPatterns.startsWith(prefix);
    }

}
