package io.storageconsole.account.domain;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface AccountRepository extends Repository<Account, Long> {

    Account save(Account account);

    /** Refused with an optimistic-locking failure when the account changed since it was read. */
    void delete(Account account);

    Optional<Account> findById(long id);

    Optional<Account> findByEmail(String email);

    boolean existsByEmail(String email);

    @Query("SELECT * FROM account WHERE organization_id = :organizationId AND role = 'SUB_USER' ORDER BY email LIMIT :limit OFFSET :offset")
    List<Account> findSubUsers(long organizationId, int limit, long offset);

    @Query("SELECT COUNT(*) FROM account WHERE organization_id = :organizationId AND role = 'SUB_USER'")
    long countSubUsers(long organizationId);

    @Query("SELECT COUNT(*) FROM account")
    long count();
}
