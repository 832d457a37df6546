package io.storageconsole.mfa.domain;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface MfaCredentialRepository extends Repository<MfaCredential, Long> {

    MfaCredential save(MfaCredential credential);

    Optional<MfaCredential> findById(long accountId);

    @Modifying
    @Query("DELETE FROM mfa_credential WHERE account_id = :accountId")
    void deleteByAccountId(long accountId);

    @Modifying
    @Query("DELETE FROM mfa_credential WHERE account_id IN (:accountIds)")
    void deleteByAccountIds(java.util.Collection<Long> accountIds);

    /**
     * Removes a set-up that may be replaced: one that ran out of time, or one this browser started.
     * Read at the latest committed row, so a set-up another browser began a moment ago stays.
     */
    @Modifying
    @Query("DELETE FROM mfa_credential WHERE account_id = :accountId AND activated_at IS NULL "
            + "AND (created_at < :startedBefore OR enrolment_holder <=> :holder)")
    int deleteReplaceableEnrolment(long accountId, java.time.Instant startedBefore, String holder);

    /**
     * Claims a time step for a sign-in: only one request, on any node, can move the step forward,
     * so a code is accepted once and only once.
     */
    @Modifying
    @Query("UPDATE mfa_credential SET last_used_step = :step, version = version + 1 WHERE account_id = :accountId AND activated_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < :step)")
    int claimStep(long accountId, long step);
}
