package io.storageconsole.account.service;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.domain.SubUserCounts;
import java.util.Collection;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * For the MFA feature's bulk change of many sub-users' MFA state: counts their moves in the counts
 * and the email rank this feature keeps, a batch at a time (decision 0034). Only within the batch's
 * transaction, right before the change that marks its rows as counted ({@code mfa_batch_changes});
 * the MFA feature's {@code BulkMfaChange} is its one caller, which does both.
 */
@Service
public class SubUserMfaMoves {

    private final SubUserCounts counts;

    SubUserMfaMoves(SubUserCounts counts) {
        this.counts = counts;
    }

    /**
     * Counts each locked sub-user of {@code ids} out of the state its row has now and into
     * {@code newState}; the caller then changes exactly these rows, and only their MFA state.
     * Refused when one of them is not a sub-user of the organization.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void count(long organizationId, Collection<Long> ids, MfaState newState) {
        counts.moveMfaStates(organizationId, ids, newState);
    }
}
