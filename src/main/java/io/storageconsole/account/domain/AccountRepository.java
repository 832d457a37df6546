package io.storageconsole.account.domain;

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



    @Query("SELECT COUNT(*) FROM account")
    long count();
}
