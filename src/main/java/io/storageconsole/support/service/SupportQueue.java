package io.storageconsole.support.service;

import io.storageconsole.account.service.AccountLookup;
import io.storageconsole.account.service.AccountSummary;
import io.storageconsole.base.database.Keyset;
import io.storageconsole.organization.service.OrganizationLookup.NameKey;
import io.storageconsole.organization.service.OrganizationLookup.OrganizationSummary;
import io.storageconsole.organization.service.OrganizationLookup;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.support.domain.QueueKey;
import io.storageconsole.support.domain.ResetApproval;
import io.storageconsole.support.domain.ResetApprovalStore;
import io.storageconsole.support.domain.SupportRequest;
import io.storageconsole.support.domain.SupportRequestStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the support page lists: open requests (newest first), MFA resets waiting for a second
 * member's approval, and the account search over all organizations. Every list pages by keyset in
 * SQL: a page costs one index range and a lookup of its own accounts and organizations by id.
 */
@Service
public class SupportQueue {

    private final SupportMembers members;
    private final SupportRequestStore requests;
    private final ResetApprovalStore approvals;
    private final IdentityVerification identity;
    private final AccountLookup accounts;
    private final OrganizationLookup organizations;

    SupportQueue(SupportMembers members, SupportRequestStore requests, ResetApprovalStore approvals,
                 IdentityVerification identity, AccountLookup accounts,
                 OrganizationLookup organizations) {
        this.members = members;
        this.requests = requests;
        this.approvals = approvals;
        this.identity = identity;
        this.accounts = accounts;
        this.organizations = organizations;
    }

    /** Open requests, newest first. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Keyset.Page<QueueEntry> openRequests(Keyset.Request<QueueKey> page) {
        members.require();
        Keyset.Page<SupportRequest> found = Keyset.Page.of(page, requests.openQueue(page));
        Map<Long, AccountSummary> owners = accounts.findAll(ids(found.rows(), SupportRequest::accountId));
        Map<Long, String> names = organizationNames(owners.values());
        return found.map(request -> {
            AccountSummary owner = owners.get(request.accountId());
            return new QueueEntry(request, owner, names.get(owner.organizationId()));
        });
    }

    /** MFA resets of root accounts waiting for a second member's approval, oldest first. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Keyset.Page<PendingApproval> pendingApprovals(Keyset.Request<QueueKey> page) {
        SignedInAccount me = members.require();
        Keyset.Page<ResetApproval> found = Keyset.Page.of(page, approvals.pending(page));
        Map<Long, AccountSummary> people = accounts.findAll(Stream.concat(
                found.rows().stream().map(ResetApproval::accountId),
                found.rows().stream().map(ResetApproval::requestedBy)).distinct().toList());
        Map<Long, String> names = organizationNames(people.values());
        return found.map(approval -> {
            AccountSummary account = people.get(approval.accountId());
            return describe(me, approval, account, names.get(account.organizationId()), people);
        });
    }

    /** The MFA reset of this account waiting for approval, if one does (for its account page). */
    Optional<PendingApproval> pendingFor(SignedInAccount me, AccountSummary account, String organizationName) {
        return approvals.findPending(account.id()).map(approval -> describe(me, approval, account, organizationName,
                accounts.findAll(List.of(approval.requestedBy()))));
    }

    private PendingApproval describe(SignedInAccount me, ResetApproval approval, AccountSummary account,
                                     String organizationName, Map<Long, AccountSummary> people) {
        AccountSummary requester = people.get(approval.requestedBy());
        boolean stillVerified = identity.isStillValid(approval.verificationId());
        return new PendingApproval(approval, account, organizationName,
                requester == null ? "a former support member" : requester.email(),
                approval.requestedBy() == me.accountId(), stillVerified);
    }

    /**
     * Customer accounts whose email starts with {@code emailPrefix} (blank for all), in email order;
     * only those of {@code organizationId} when it is given.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Keyset.Page<AccountHit> searchAccounts(Long organizationId, String emailPrefix, Keyset.Request<String> page) {
        members.require();
        Keyset.Page<AccountSummary> found = accounts.search(organizationId, emailPrefix, page);
        Map<Long, String> names = organizationNames(found.rows());
        return found.map(account -> new AccountHit(account, names.get(account.organizationId())));
    }

    /** Organizations whose name starts with {@code namePrefix}, in name order, each with its root user. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.SUPPORT + "')")
    public Keyset.Page<OrganizationHit> searchOrganizations(String namePrefix, Keyset.Request<NameKey> page) {
        members.require();
        Keyset.Page<OrganizationSummary> found = organizations.search(namePrefix, page);
        Map<Long, AccountSummary> roots = accounts.rootsOf(ids(found.rows(), OrganizationSummary::id));
        return found.map(organization -> {
            AccountSummary root = roots.get(organization.id());
            return new OrganizationHit(organization, root == null ? null : root.email());
        });
    }

    private Map<Long, String> organizationNames(Collection<AccountSummary> owners) {
        return organizations.namesOf(owners.stream().map(AccountSummary::organizationId).filter(Objects::nonNull)
                .distinct().toList());
    }

    private static <T> List<Long> ids(List<T> rows, Function<T, Long> id) {
        return rows.stream().map(id).distinct().toList();
    }

    /** One open request with its account, for the queue. */
    public record QueueEntry(SupportRequest request, AccountSummary account, String organizationName) {
    }

    /**
     * @param mine              the member asking requested it (and so may only withdraw it)
     * @param stillVerified     the requester's identity check is still valid, so it may be approved
     */
    public record PendingApproval(ResetApproval approval, AccountSummary account, String organizationName,
                                  String requestedBy, boolean mine, boolean stillVerified) {
    }

    public record AccountHit(AccountSummary account, String organizationName) {
    }

    /** @param rootEmail null for an organization without a root user */
    public record OrganizationHit(OrganizationSummary organization, String rootEmail) {
    }
}
