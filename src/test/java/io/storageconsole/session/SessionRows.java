package io.storageconsole.session;

import io.storageconsole.security.SignedInAccount;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.mock.web.MockHttpServletRequest;
import io.storageconsole.session.service.MySessions;
import io.storageconsole.security.service.BrowserSession;

/** Console sessions written straight to the table, for tests that need browsers they do not drive. */
public final class SessionRows {

    public static final String CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    public static final String FIREFOX_ON_MACOS = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) "
            + "Gecko/20100101 Firefox/133.0";

    private final JdbcClient jdbc;

    public SessionRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An open session of {@code account}; its token is unknown to everyone, which these tests do not need. */
    public long open(SignedInAccount account, String userAgent, String ip, Instant signedInAt, Instant lastActiveAt) {
        String hash = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        jdbc.sql("INSERT INTO console_session (token_hash, account_id, created_at, last_active_at, ip, user_agent) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(hash, account.accountId(), Timestamp.from(signedInAt), Timestamp.from(lastActiveAt), ip, userAgent)
                .update();
        return jdbc.sql("SELECT id FROM console_session WHERE token_hash = ?").param(hash).query(Long.class).single();
    }

    public String endReasonOf(long sessionId) {
        return jdbc.sql("SELECT end_reason FROM console_session WHERE id = ?").param(sessionId)
                .query(String.class).optional().orElse(null);
    }

    public long auditEvents(String type, long targetAccountId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND target_account_id = ?")
                .params(type, targetAccountId).query(Long.class).single();
    }

    /** Makes {@code sessionId} the session of the browser asking, as the cookie filter does for a request. */
    public static void actAsBrowserOf(long sessionId) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(BrowserSession.CONSOLE_SESSION_ATTRIBUTE, sessionId);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    public static void leaveBrowser() {
        RequestContextHolder.resetRequestAttributes();
    }
}
