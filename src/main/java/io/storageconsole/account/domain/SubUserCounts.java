package io.storageconsole.account.domain;

import java.util.ArrayList;
import java.util.Collection;
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

    /** The moved sub-users' rows (a, with :ids): the organization's sub-users not yet in the new state. */
    private static final String MOVED = "a.organization_id = :organizationId AND a.role = 'SUB_USER' AND a.id IN (:ids) "
            + "AND a.mfa_state <> :newState";

    private final JdbcClient jdbc;

    SubUserCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A sub-user as its locked row is now: what the counts read of it. */
    private record Moving(long id, String email, String state) {
    }

    /**
     * Counts the sub-users {@code ids} of the organization out of the MFA state their row has now and
     * into {@code newState}, in the tally and the rank. The caller holds the rows' locks, changes
     * exactly these rows' state to {@code newState} next, in this transaction, and nothing else of
     * them. Users already in {@code newState} move nowhere and are not counted. Refused, counting
     * nothing, when one of {@code ids} is not a sub-user of the organization.
     */
    public void moveMfaStates(long organizationId, Collection<Long> ids, MfaState newState) {
        if (ids.isEmpty()) {
            return;
        }
        // A locking read (the caller's locks already): the rows as the counting statements and the UPDATE see them,
        // never an older snapshot of a transaction that began before someone's change of an address.
        List<Moving> rows = jdbc.sql("SELECT id, email, mfa_state FROM account WHERE organization_id = :organizationId "
                        + "AND role = 'SUB_USER' AND id IN (:ids) ORDER BY id FOR UPDATE")
                .param("organizationId", organizationId)
                .param("ids", ids)
                .query((rs, row) -> new Moving(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
        if (rows.size() != ids.size()) {
            throw new IllegalArgumentException("Only sub-users of organization " + organizationId + " are counted: "
                    + (ids.size() - rows.size()) + " of " + ids.size() + " are not");
        }
        Map<String, List<Moving>> byPartition = new TreeMap<>();
        rows.stream().filter(row -> !row.state().equals(newState.name()))
                .forEach(row -> byPartition.computeIfAbsent(row.state(), state -> new ArrayList<>()).add(row));
        if (byPartition.isEmpty()) {
            return;
        }
        List<Moving> moved = byPartition.values().stream().flatMap(List::stream).toList();
        byPartition.put(newState.name(), moved);
        // The tally first, as in the trigger: one row per domain, state and console login, in key order.
        jdbc.sql("INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users) "
                        + "SELECT organization_id, email_domain, mfa_state, console_login, SUM(delta) FROM ("
                        + "SELECT a.organization_id, SUBSTRING_INDEX(a.email, '@', -1) AS email_domain, a.mfa_state, "
                        + "a.console_access AND a.password_hash IS NOT NULL AS console_login, -1 AS delta "
                        + "FROM account a WHERE " + MOVED + " "
                        + "UNION ALL SELECT a.organization_id, SUBSTRING_INDEX(a.email, '@', -1), :newState, "
                        + "a.console_access AND a.password_hash IS NOT NULL, 1 FROM account a WHERE " + MOVED + ") d "
                        + "GROUP BY organization_id, email_domain, mfa_state, console_login "
                        + "ORDER BY organization_id, email_domain, mfa_state, console_login "
                        + "ON DUPLICATE KEY UPDATE sub_users = sub_user_tally.sub_users + VALUES(sub_users)")
                .param("organizationId", organizationId)
                .param("ids", moved.stream().map(Moving::id).toList())
                .param("newState", newState.name())
                .update();
        // Then the rank, one state after the other in key order (the TreeMap's), each bucket in key order.
        byPartition.forEach((partition, users) ->
                moveInRank(organizationId, partition, users, partition.equals(newState.name()) ? 1 : -1));
    }

    /**
     * Adds {@code sign} for each of {@code users} to the bucket of its address in one partition. First
     * the buckets that hold the addresses are locked with locking reads in key order: the bucket of
     * the lowest address, then every boundary above it up to the highest address. Every cut and merge
     * of a bucket needs its row lock (SubUserRanks never waits for one), so from here to the commit no
     * boundary appears or goes in that range, and the statement that adds the counts (a locking read
     * too, as every read of an INSERT … SELECT under REPEATABLE READ) finds each address's bucket
     * among the boundaries a cut will later see.
     */
    private void moveInRank(long organizationId, String partition, List<Moving> users, int sign) {
        String lowest = users.stream().map(Moving::email).min(String::compareTo).orElseThrow();
        String highest = users.stream().map(Moving::email).max(String::compareTo).orElseThrow();
        List<String> lowestBucket = jdbc.sql("SELECT lower_email FROM sub_user_email_rank WHERE organization_id = :organizationId "
                        + "AND mfa_state = :partition AND lower_email <= :lowest ORDER BY lower_email DESC LIMIT 1 FOR UPDATE")
                .param("organizationId", organizationId)
                .param("partition", partition)
                .param("lowest", lowest)
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
                .param("highest", highest)
                .query(String.class).list();
        // Each locked bucket with the next boundary (none after the last: the highest address is below it), joined with the addresses.
        jdbc.sql("INSERT INTO sub_user_email_rank (organization_id, mfa_state, lower_email, sub_users) "
                        + "SELECT b.organization_id, b.mfa_state, b.lower_email, :sign * COUNT(*) FROM ("
                        + "SELECT organization_id, mfa_state, lower_email, LEAD(lower_email) OVER (ORDER BY lower_email) AS next_email "
                        + "FROM sub_user_email_rank WHERE organization_id = :organizationId AND mfa_state = :partition "
                        + "AND lower_email >= :lowestBucket AND lower_email <= :highest) b "
                        + "JOIN account a ON a.organization_id = :organizationId AND a.role = 'SUB_USER' AND a.id IN (:ids) "
                        + "AND a.email >= b.lower_email AND (b.next_email IS NULL OR a.email < b.next_email) "
                        + "GROUP BY b.organization_id, b.mfa_state, b.lower_email ORDER BY b.lower_email "
                        + "ON DUPLICATE KEY UPDATE sub_users = sub_user_email_rank.sub_users + VALUES(sub_users)")
                .param("organizationId", organizationId)
                .param("partition", partition)
                .param("lowestBucket", lowestBucket.isEmpty() ? "" : lowestBucket.get(0))
                .param("highest", highest)
                .param("sign", sign)
                .param("ids", users.stream().map(Moving::id).toList())
                .update();
    }
}
