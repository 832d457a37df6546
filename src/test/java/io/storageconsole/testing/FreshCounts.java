package io.storageconsole.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the account triggers (and a bulk MFA change's own counting) keep, against a fresh count of
 * the accounts: the lines where they disagree, none when exact.
 */
public final class FreshCounts {

    private FreshCounts() {
    }

    /** The organization's tally and email rank equal a fresh count, row by row (and the rank has its buckets). */
    public static void assertExact(JdbcClient jdbc, long organizationId, String description) {
        assertThat(rankErrors(jdbc, organizationId)).as(description + ": email rank buckets").isEmpty();
        assertThat(tallyErrors(jdbc, organizationId)).as(description + ": tally rows").isEmpty();
        assertThat(rankBuckets(jdbc, organizationId)).as(description + ": buckets").isNotEmpty();
    }

    /** One email rank bucket: what it counts and how many sub-users its range holds now. */
    public record Bucket(String mfaState, String lowerEmail, long counted, long there) {

        public boolean exact() {
            return counted == there;
        }

        @Override
        public String toString() {
            return mfaState + "/" + lowerEmail + ": " + counted + " counted, " + there + " there";
        }
    }

    /** Each email rank bucket of the organization, by partition and boundary, beside a fresh count of its range. */
    public static List<Bucket> rankBuckets(JdbcClient jdbc, long organizationId) {
        return jdbc.sql("SELECT r.mfa_state, r.lower_email, r.sub_users, ("
                        + "SELECT COUNT(*) FROM account a WHERE a.organization_id = r.organization_id AND a.role = 'SUB_USER' "
                        + "AND (r.mfa_state = '' OR a.mfa_state = r.mfa_state) AND a.email >= r.lower_email "
                        + "AND NOT EXISTS (SELECT 1 FROM sub_user_email_rank n WHERE n.organization_id = r.organization_id "
                        + "AND n.mfa_state = r.mfa_state AND n.lower_email > r.lower_email AND n.lower_email <= a.email)) "
                        + "FROM sub_user_email_rank r WHERE r.organization_id = ? ORDER BY r.mfa_state, r.lower_email")
                .param(organizationId)
                .query((rs, row) -> new Bucket(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).list();
    }

    /** The buckets of {@link #rankBuckets} that count other than what is there. */
    public static List<Bucket> rankErrors(JdbcClient jdbc, long organizationId) {
        return rankBuckets(jdbc, organizationId).stream().filter(bucket -> !bucket.exact()).toList();
    }

    /** The tally rows of the organization that disagree with a fresh count, "domain state login: N counted, M there". */
    public static List<String> tallyErrors(JdbcClient jdbc, long organizationId) {
        return jdbc.sql("SELECT CONCAT(k.email_domain, ' ', k.mfa_state, ' ', k.console_login, ': ', "
                        + "COALESCE(t.sub_users, 0), ' counted, ', COALESCE(f.sub_users, 0), ' there') FROM ("
                        + "SELECT email_domain, mfa_state, console_login FROM sub_user_tally WHERE organization_id = :organizationId "
                        + "UNION SELECT SUBSTRING_INDEX(email, '@', -1), mfa_state, console_access AND password_hash IS NOT NULL "
                        + "FROM account WHERE organization_id = :organizationId AND role = 'SUB_USER') k "
                        + "LEFT JOIN sub_user_tally t ON t.organization_id = :organizationId AND t.email_domain = k.email_domain "
                        + "AND t.mfa_state = k.mfa_state AND t.console_login = k.console_login "
                        + "LEFT JOIN (SELECT SUBSTRING_INDEX(email, '@', -1) AS email_domain, mfa_state, "
                        + "console_access AND password_hash IS NOT NULL AS console_login, COUNT(*) AS sub_users FROM account "
                        + "WHERE organization_id = :organizationId AND role = 'SUB_USER' GROUP BY 1, 2, 3) f "
                        + "ON f.email_domain = k.email_domain AND f.mfa_state = k.mfa_state AND f.console_login = k.console_login "
                        + "WHERE NOT COALESCE(t.sub_users, 0) <=> COALESCE(f.sub_users, 0)")
                .param("organizationId", organizationId).query(String.class).list();
    }
}
