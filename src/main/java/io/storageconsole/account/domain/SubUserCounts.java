package io.storageconsole.account.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A bulk MFA change's moves in {@code sub_user_tally} and {@code sub_user_email_rank}, counted a
 * batch at a time in a few statements, in the changing transaction, before its {@code UPDATE
 * account} (which adds to {@code mfa_batch_changes}, so that the account trigger counts nothing for
 * it: V135). Locks in the triggers' order: the tally rows, then each MFA state's buckets, the lower
 * state and the lower bucket first. See docs/decisions/0034-a-bulk-mfa-change-counts-its-own-moves.md.
 */
@Repository
public class SubUserCounts {

    private final JdbcClient jdbc;

    SubUserCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts the sub-users {@code oldStates} (id to the state their locked row has now) out of their
     * state and into {@code newState}, in the tally and the rank. The caller holds the rows' locks,
     * changes exactly these rows' state to {@code newState} next, in this transaction, and nothing
     * else of them. Users already in {@code newState} move nowhere and are not counted.
     */
    public void moveMfaStates(long organizationId, Map<Long, MfaState> oldStates, MfaState newState) {
        Map<String, List<Long>> byPartition = new TreeMap<>();
        oldStates.forEach((id, state) -> {
            if (state != newState) {
                byPartition.computeIfAbsent(state.name(), s -> new java.util.ArrayList<>()).add(id);
            }
        });
        if (byPartition.isEmpty()) {
            return;
        }
        List<Long> moved = byPartition.values().stream().flatMap(List::stream).sorted().toList();
        byPartition.put(newState.name(), moved);
        // The tally first, as in the trigger: one row per domain, state and console login, in key order.
        jdbc.sql("INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users) "
                        + "SELECT organization_id, email_domain, mfa_state, console_login, SUM(delta) FROM ("
                        + "SELECT a.organization_id, SUBSTRING_INDEX(a.email, '@', -1) AS email_domain, a.mfa_state, "
                        + "a.console_access AND a.password_hash IS NOT NULL AS console_login, -1 AS delta "
                        + "FROM account a WHERE a.id IN (:moved) "
                        + "UNION ALL SELECT a.organization_id, SUBSTRING_INDEX(a.email, '@', -1), :newState, "
                        + "a.console_access AND a.password_hash IS NOT NULL, 1 FROM account a WHERE a.id IN (:moved)) d "
                        + "GROUP BY organization_id, email_domain, mfa_state, console_login "
                        + "ORDER BY organization_id, email_domain, mfa_state, console_login "
                        + "ON DUPLICATE KEY UPDATE sub_users = sub_user_tally.sub_users + VALUES(sub_users)")
                .param("moved", moved)
                .param("newState", newState.name())
                .update();
        // Then the rank, one state after the other in key order (the TreeMap's), each bucket in key order.
        byPartition.forEach((partition, ids) ->
                moveInRank(organizationId, partition, ids, partition.equals(newState.name()) ? 1 : -1));
    }

    /**
     * Adds {@code sign} for each of {@code ids} to the bucket of its address in one partition. First
     * the buckets that hold the addresses are locked with locking reads in key order: the bucket of
     * the lowest address, then every boundary above it up to the highest address. Every cut and merge
     * of a bucket needs its row lock (SubUserRanks never waits for one), so from here to the commit no
     * boundary appears or goes in that range, and the statement that adds the counts (a locking read
     * too, as every read of an INSERT … SELECT under REPEATABLE READ) finds each address's bucket
     * among the boundaries a cut will later see.
     */
    private void moveInRank(long organizationId, String partition, List<Long> ids, int sign) {
        List<String> lowestAndHighest = jdbc.sql("SELECT MIN(email), MAX(email) FROM account WHERE id IN (:ids)")
                .param("ids", ids)
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2))).single();
        List<String> lowestBucket = jdbc.sql("SELECT lower_email FROM sub_user_email_rank WHERE organization_id = :organizationId "
                        + "AND mfa_state = :partition AND lower_email <= :lowest ORDER BY lower_email DESC LIMIT 1 FOR UPDATE")
                .param("organizationId", organizationId)
                .param("partition", partition)
                .param("lowest", lowestAndHighest.get(0))
                .query(String.class).list();
        if (lowestBucket.isEmpty()) {
            // An organization without its first bucket (created before V131 and missed by V133), as sub_user_email_rank_add.
            jdbc.sql("INSERT IGNORE INTO sub_user_email_rank (organization_id, mfa_state, lower_email, sub_users) "
                            + "VALUES (:organizationId, :partition, '', 0)")
                    .param("organizationId", organizationId)
                    .param("partition", partition)
                    .update();
        }
        jdbc.sql("SELECT lower_email FROM sub_user_email_rank WHERE organization_id = :organizationId AND mfa_state = :partition "
                        + "AND lower_email >= :lowestBucket AND lower_email <= :highest ORDER BY lower_email FOR UPDATE")
                .param("organizationId", organizationId)
                .param("partition", partition)
                .param("lowestBucket", lowestBucket.isEmpty() ? "" : lowestBucket.get(0))
                .param("highest", lowestAndHighest.get(1))
                .query(String.class).list();
        // Each locked bucket with the next boundary (none after the last: the highest address is below it), joined with the addresses.
        jdbc.sql("INSERT INTO sub_user_email_rank (organization_id, mfa_state, lower_email, sub_users) "
                        + "SELECT b.organization_id, b.mfa_state, b.lower_email, :sign * COUNT(*) FROM ("
                        + "SELECT organization_id, mfa_state, lower_email, LEAD(lower_email) OVER (ORDER BY lower_email) AS next_email "
                        + "FROM sub_user_email_rank WHERE organization_id = :organizationId AND mfa_state = :partition "
                        + "AND lower_email >= :lowestBucket AND lower_email <= :highest) b "
                        + "JOIN account a ON a.id IN (:ids) AND a.email >= b.lower_email "
                        + "AND (b.next_email IS NULL OR a.email < b.next_email) "
                        + "GROUP BY b.organization_id, b.mfa_state, b.lower_email ORDER BY b.lower_email "
                        + "ON DUPLICATE KEY UPDATE sub_users = sub_user_email_rank.sub_users + VALUES(sub_users)")
                .param("organizationId", organizationId)
                .param("partition", partition)
                .param("lowestBucket", lowestBucket.isEmpty() ? "" : lowestBucket.get(0))
                .param("highest", lowestAndHighest.get(1))
                .param("sign", sign)
                .param("ids", ids)
                .update();
    }
}
