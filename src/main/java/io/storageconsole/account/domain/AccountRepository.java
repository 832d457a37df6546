package io.storageconsole.account.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface AccountRepository extends Repository<Account, Long> {

    Account save(Account account);

    /** Refused with an optimistic-locking failure when the account changed since it was read. */
    void delete(Account account);

    Optional<Account> findById(long id);

    Optional<Account> findByEmail(String email);

    boolean existsByEmail(String email);

    /** Marks the credentials of these accounts changed: their sign-ins still owing a second factor become void. */
    @Modifying
    @Query("UPDATE account SET credentials_version = credentials_version + 1, version = version + 1 WHERE id IN (:ids)")
    int recordCredentialsChanges(Collection<Long> ids);

    /**
     * Records a sign-in in the transaction that starts its session, without touching {@code version}:
     * signing in is no change a root's grid should see as "changed by someone else" (the bulk reset
     * and row actions compare versions). Writes the account's row (on Galera, what a password change
     * on another node conflicts with, decision 0044) but no column the grid's rank triggers read:
     * {@link #followSignIn} brings {@code last_sign_in_at} after the commit (decision 0051).
     */
    @Modifying
    @Query("UPDATE account SET committed_sign_in_at = :at WHERE id = :id")
    int recordSignIn(long id, Instant at);

    /**
     * {@code last_sign_in_at} becomes the account's committed sign-in, never an earlier one: of two
     * sign-ins followed out of order the later stays. Its triggers keep the grid's ranks and suffixes.
     */
    @Modifying
    @Query("UPDATE account SET last_sign_in_at = committed_sign_in_at "
            + "WHERE id = :id AND committed_sign_in_at > COALESCE(last_sign_in_at, '1000-01-01')")
    int followSignIn(long id);

    /** Accounts whose committed sign-in {@code last_sign_in_at} has not followed yet: a plain read of every row, no locks. */
    @Query("SELECT id FROM account WHERE committed_sign_in_at > COALESCE(last_sign_in_at, '1000-01-01')")
    List<Long> findSignInsNotFollowed();

    @Query("SELECT credentials_version FROM account WHERE id = :id")
    Optional<Integer> findCredentialsVersion(long id);

    /**
     * Customer accounts (roots and sub-users of every organization) whose email matches the LIKE
     * {@code pattern} and comes after {@code after}, in email order: a range of the email's unique
     * index from the anchor on, read for one page only (support's search, keyset paging).
     */
    @Query("SELECT * FROM account WHERE role IN ('ROOT', 'SUB_USER') AND email LIKE :pattern ESCAPE '!' "
            + "AND email > :after ORDER BY email LIMIT :limit")
    List<Account> findCustomersAfter(String pattern, String after, int limit);

    /** The same before {@code before}, read backward (the caller puts the page back in order). */
    @Query("SELECT * FROM account WHERE role IN ('ROOT', 'SUB_USER') AND email LIKE :pattern ESCAPE '!' "
            + "AND email < :before ORDER BY email DESC LIMIT :limit")
    List<Account> findCustomersBefore(String pattern, String before, int limit);

    /** The accounts of one organization, the same way, on {@code (organization_id, email)}. */
    @Query("SELECT * FROM account WHERE organization_id = :organizationId AND email LIKE :pattern ESCAPE '!' "
            + "AND email > :after ORDER BY email LIMIT :limit")
    List<Account> findInOrganizationAfter(long organizationId, String pattern, String after, int limit);

    @Query("SELECT * FROM account WHERE organization_id = :organizationId AND email LIKE :pattern ESCAPE '!' "
            + "AND email < :before ORDER BY email DESC LIMIT :limit")
    List<Account> findInOrganizationBefore(long organizationId, String pattern, String before, int limit);

    @Query("SELECT * FROM account WHERE id IN (:ids)")
    List<Account> findAllByIdIn(Collection<Long> ids);

    @Query("SELECT * FROM account WHERE organization_id IN (:organizationIds) AND role = 'ROOT'")
    List<Account> findRootsOf(Collection<Long> organizationIds);
}
