package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.SubUserMfaMoves;
import io.storageconsole.mfa.domain.MfaStates;
import io.storageconsole.mfa.domain.MfaStates.AccountMfa;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A bulk change of sub-users' MFA state that counts its own moves (decision 0034): the counting
 * and the marked {@code UPDATE} must always go together, or a move is counted twice (the trigger
 * too) or never. This is the one place that does either; ArchitectureTest keeps it so.
 */
@Service
public class BulkMfaChange {

    private final SubUserMfaMoves moves;
    private final MfaStates states;

    BulkMfaChange(SubUserMfaMoves moves, MfaStates states) {
        this.moves = moves;
        this.states = states;
    }

    /**
     * Counts the moves of {@code locked} (sub-users of the organization, locked and checked in this
     * transaction) into {@code newState}, then changes exactly them; throws, so that the transaction
     * rolls back counting and change together, if one of them had changed since.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void change(long organizationId, List<AccountMfa> locked, MfaState newState) {
        if (locked.isEmpty()) {
            return;
        }
        moves.count(organizationId, locked.stream().map(AccountMfa::accountId).toList(), newState);
        if (states.changeCounted(locked, newState) != locked.size()) {
            throw new IllegalStateException("A locked and checked user changed during a bulk MFA change");
        }
    }
}
