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

    /**
     * Marks the credentials of these accounts changed: their sign-ins still owing a second factor
     * become void. Writes each one's sign-in row as well ({@link #recordSignIn}'s): on Galera a sign-in
     * committed on another node at the same moment then conflicts with this change, and one of the two
     * is refused (decisions 0044 and 0064). In the caller's transaction; returns the accounts changed.
     */
    default int recordCredentialsChanges(Collection<Long> ids) {
        int changed = countCredentialsChanges(ids);
        writeCredentialsVersionsToSignIns(ids);
        return changed;
    }

    /** Only through {@link #recordCredentialsChanges}, which writes the sign-in rows too. */
    @Modifying
    @Query("UPDATE account SET credentials_version = credentials_version + 1, version = version + 1 WHERE id IN (:ids)")
    int countCredentialsChanges(Collection<Long> ids);

    /**
     * Only through {@link #recordCredentialsChanges}. The version moved, so every row really changes: a
     * write that changes nothing would put no key in Galera's write set.
     */
    @Modifying
    @Query("INSERT INTO account_sign_in (account_id, credentials_version) SELECT id, credentials_version FROM account "
            + "WHERE id IN (:ids) ON DUPLICATE KEY UPDATE credentials_version = VALUES(credentials_version)")
    int writeCredentialsVersionsToSignIns(Collection<Long> ids);

    /**
     * Records a sign-in in the transaction that starts its session, in the account's sign-in row
     * (V149), not the account's: no trigger runs, and {@code version} stays, as signing in is no change
     * a root's grid should see as "changed by someone else". On Galera this row is what a credential
     * change on another node conflicts with (decisions 0044 and 0064). {@link #followSignIn} brings the
     * grid's {@code last_sign_in_at} after the commit (decision 0051).
     *
     * @param credentialsVersion the version the session's start checked, under the account's lock: still the account's
     */
    @Modifying
    @Query("INSERT INTO account_sign_in (account_id, committed_sign_in_at, credentials_version) VALUES (:id, :at, :credentialsVersion) "
            + "ON DUPLICATE KEY UPDATE committed_sign_in_at = VALUES(committed_sign_in_at)")
    int recordSignIn(long id, int credentialsVersion, Instant at);

    /**
     * {@code last_sign_in_at} becomes the account's committed sign-in, never an earlier one: of two
     * sign-ins followed out of order the later stays. Its triggers keep the grid's ranks and suffixes.
     */
    @Modifying
    @Query("UPDATE account a JOIN account_sign_in s ON s.account_id = a.id SET a.last_sign_in_at = s.committed_sign_in_at "
            + "WHERE a.id = :id AND s.committed_sign_in_at > COALESCE(a.last_sign_in_at, '1000-01-01')")
    int followSignIn(long id);

    /** Accounts whose committed sign-in {@code last_sign_in_at} has not followed yet: a plain read of every row, no locks. */
    @Query("SELECT s.account_id FROM account_sign_in s JOIN account a ON a.id = s.account_id "
            + "WHERE s.committed_sign_in_at > COALESCE(a.last_sign_in_at, '1000-01-01')")
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
