package io.storageconsole.session.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface ConsoleSessionRepository extends Repository<ConsoleSession, Long> {

    /** The one query of every request: the session behind a cookie, with its owner. */
    @Query(value = "SELECT " + OwnedSession.COLUMNS + " FROM console_session s JOIN account a ON a.id = s.account_id "
            + "WHERE s.token_hash = :tokenHash", rowMapperClass = OwnedSession.Mapper.class)
    Optional<OwnedSession> findByTokenHash(String tokenHash);

    @Query(value = "SELECT " + OwnedSession.COLUMNS + " FROM console_session s JOIN account a ON a.id = s.account_id "
            + "WHERE s.id = :id", rowMapperClass = OwnedSession.Mapper.class)
    Optional<OwnedSession> findOwnedById(long id);

    /** Sessions not ended yet; some may have expired without anyone noticing (the caller checks). */
    @Query(value = "SELECT " + OwnedSession.COLUMNS + " FROM console_session s JOIN account a ON a.id = s.account_id "
            + "WHERE s.account_id = :accountId AND s.ended_at IS NULL ORDER BY s.last_active_at DESC, s.id DESC",
            rowMapperClass = OwnedSession.Mapper.class)
    List<OwnedSession> findOpenByAccount(long accountId);

    /**
     * Open sessions of several accounts, locked until the transaction ends: nobody else ends one of
     * them in between, so {@link #endAll} ends exactly these and each end is audited once.
     */
    @Query(value = "SELECT " + OwnedSession.COLUMNS + " FROM console_session s JOIN account a ON a.id = s.account_id "
            + "WHERE s.account_id IN (:accountIds) AND s.ended_at IS NULL ORDER BY s.id FOR UPDATE",
            rowMapperClass = OwnedSession.Mapper.class)
    List<OwnedSession> lockOpenByAccounts(java.util.Collection<Long> accountIds);

    /** Ends many sessions with one statement; returns how many were still open. */
    @Modifying
    @Query("UPDATE console_session SET ended_at = :now, end_reason = :reason, version = version + 1 "
            + "WHERE id IN (:ids) AND ended_at IS NULL")
    int endAll(java.util.Collection<Long> ids, Instant now, String reason);

    /** Records activity at most once per {@code before} window: parallel requests write once. */
    @Modifying
    @Query("UPDATE console_session SET last_active_at = :now, version = version + 1 "
            + "WHERE id = :id AND ended_at IS NULL AND last_active_at < :before")
    int recordActivity(long id, Instant now, Instant before);

    /** Ends a session; 0 when it had already ended, so only one caller, on any node, reports its end. */
    @Modifying
    @Query("UPDATE console_session SET ended_at = :now, end_reason = :reason, version = version + 1 "
            + "WHERE id = :id AND ended_at IS NULL")
    int end(long id, Instant now, String reason);

    @Modifying
    @Query("DELETE FROM console_session WHERE (ended_at IS NOT NULL AND ended_at < :endedBefore) "
            + "OR last_active_at < :inactiveBefore")
    int purge(Instant endedBefore, Instant inactiveBefore);
}
