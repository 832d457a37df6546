package io.storageconsole.mfa.domain;

import io.storageconsole.account.domain.AccountRole;
import io.storageconsole.account.domain.MfaState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The MFA state of accounts ({@code account.mfa_state}). The MFA feature is its one writer: the
 * account feature maps the column read-only, and {@link #change} is the one statement that writes it,
 * naming the version the caller checked, so a change made since is never overwritten.
 */
@Repository
public class MfaStates {

    private static final String COLUMNS = "id, organization_id, email, role, mfa_state, version";

    private final JdbcClient jdbc;

    MfaStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An account's MFA state as its version saw it. */
    public record AccountMfa(long accountId, Long organizationId, String email, AccountRole role, MfaState state,
                             int version) {

        /** A sub-user: the only accounts a root user governs. */
        public boolean subUser() {
            return role == AccountRole.SUB_USER;
        }
    }

    public Optional<AccountMfa> find(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = ?")
                .param(accountId)
                .query(MfaStates::row)
                .optional();
    }

    /**
     * The sub-users among {@code accountIds} in the organization, locked until the end of the
     * transaction (in id order, so two bulk changes cannot deadlock); deleted ones are absent.
     */
    public List<AccountMfa> lockSubUsers(long organizationId, Collection<Long> accountIds) {
        if (accountIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE organization_id = :organizationId "
                        + "AND role = 'SUB_USER' AND id IN (:ids) ORDER BY id FOR UPDATE")
                .param("organizationId", organizationId)
                .param("ids", accountIds)
                .query(MfaStates::row)
                .list();
    }

    /**
     * Sets the state of these accounts, each only if it is still at the version the caller read and
     * checked; returns how many changed (fewer when someone changed one meanwhile). Bumps the version
     * as any change of the account does.
     */
    public int change(Collection<AccountMfa> asChecked, MfaState newState) {
        return change(asChecked, newState, "");
    }

    /**
     * As {@link #change}, for a bulk change whose moves the caller counted already in this
     * transaction (account's {@code SubUserMfaMoves}): the rows say so to the account trigger, which
     * then counts nothing for them (V135, decision 0034). Nothing else writes {@code mfa_batch_changes};
     * only {@code mfa.service.BulkMfaChange} calls this, right after counting.
     */
    public int changeCounted(Collection<AccountMfa> asChecked, MfaState newState) {
        return change(asChecked, newState, ", mfa_batch_changes = mfa_batch_changes + 1");
    }

    private int change(Collection<AccountMfa> asChecked, MfaState newState, String counted) {
        if (asChecked.isEmpty()) {
            return 0;
        }
        List<Object[]> idsAndVersions = asChecked.stream()
                .map(account -> new Object[] {account.accountId(), account.version()})
                .toList();
        // "id IN" gives the optimizer a primary-key range; the row constructor alone may scan the table.
        return jdbc.sql("UPDATE account SET mfa_state = :state, version = version + 1" + counted + " "
                        + "WHERE id IN (:ids) AND (id, version) IN (:checked)")
                .param("state", newState.name())
                .param("ids", asChecked.stream().map(AccountMfa::accountId).toList())
                .param("checked", idsAndVersions)
                .update();
    }

    private static AccountMfa row(java.sql.ResultSet rs, int rowNumber) throws java.sql.SQLException {
        return new AccountMfa(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3),
                AccountRole.valueOf(rs.getString(4)),
                MfaState.valueOf(rs.getString(5)), rs.getInt(6));
    }
}
