package io.storageconsole.mfa.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.jdbc.core.RowMapper;

/**
 * What an authenticator code's transaction reads before it counts the code, in one query: the
 * account's count of credential changes (a sign-in still owing its code is void once it moved) and
 * its MFA credential, if any.
 *
 * @param encryptedSecret null when the account has no MFA credential
 */
public record CodeCheck(int credentialsVersion, String encryptedSecret, boolean active, Long lastUsedStep) {

    /** Maps the read of {@link CodeChecks#readAndCount} (V151's {@code code_check_begin}). */
    public static final class Mapper implements RowMapper<CodeCheck> {

        @Override
        public CodeCheck mapRow(ResultSet rs, int rowNum) throws SQLException {
            return new CodeCheck(rs.getInt("credentials_version"), rs.getString("encrypted_secret"),
                    rs.getBoolean("active"), rs.getObject("last_used_step", Long.class));
        }
    }

    @Override
    public String toString() {
        return "CodeCheck[" + credentialsVersion + ", active " + active + ", last used step " + lastUsedStep + ", secret hidden]";
    }
}
