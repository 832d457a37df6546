package io.storageconsole.mfa.domain;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An authenticator code's first round trip: its read (the account's credentials version, the account
 * {@code LEFT JOIN} its MFA credential, decision 0044) and its count (the security feature's {@code attempt_count_locked_into}, as
 * {@code AttemptLimiter.countWithinTransaction} counts) in one call, V151's {@code code_check_begin}
 * (decision 0065). In the caller's transaction, which holds the counter's row lock until it ends.
 */
@Repository
public class CodeChecks {

    private static final CodeCheck.Mapper READ = new CodeCheck.Mapper();

    private final JdbcClient jdbc;

    CodeChecks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The counter a code counts in, under its policy's limit, window and locks. */
    public record Counting(String kind, String subject, int maxAttempts, Duration window, Duration firstLock,
                           Duration longestLock) {
    }

    /**
     * @param read    the account's credentials version and credential; empty when the account is gone
     * @param counted whether the code was counted: false when a lock refused it, or when nothing was counted
     *                because the pending sign-in's credentials version moved (or the account is gone)
     */
    public record Begun(Optional<CodeCheck> read, boolean counted) {
    }

    /**
     * Reads the account's credential and counts the code, in one call.
     *
     * @param pendingVersion the credentials version of a sign-in still owing its code, which counts only while
     *                       it is the account's; null for a complete sign-in, always counted
     */
    public Begun readAndCount(long accountId, Integer pendingVersion, Counting counting, Instant now) {
        return jdbc.sql("CALL code_check_begin(?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(accountId, new SqlParameterValue(Types.INTEGER, pendingVersion), counting.kind(), counting.subject(),
                        counting.maxAttempts(), Timestamp.from(now.minus(counting.window())), counting.firstLock().toSeconds(),
                        counting.longestLock().toSeconds(), Timestamp.from(now))
                .query((rs, n) -> new Begun(rs.getBoolean("found")
                        ? Optional.of(READ.mapRow(rs, n)) : Optional.empty(), rs.getBoolean("counted")))
                .single();
    }
}
