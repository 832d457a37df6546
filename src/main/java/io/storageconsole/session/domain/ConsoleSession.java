package io.storageconsole.session.domain;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A signed-in browser. Only the hash of the browser's token is stored; activity and the end are
 * recorded with conditional updates (see {@link ConsoleSessionRepository}), never by saving this.
 */
@Table("console_session")
public class ConsoleSession {

    @Id
    private Long id;
    private String tokenHash;
    private long accountId;
    private Instant createdAt;
    private Instant lastActiveAt;
    private Instant endedAt;
    private EndReason endReason;
    private String ip;
    private String userAgent;
    @Version
    private Integer version;

    protected ConsoleSession() {
    }

    public ConsoleSession(String tokenHash, long accountId, Instant now, String ip, String userAgent) {
        this.tokenHash = tokenHash;
        this.accountId = accountId;
        this.createdAt = now;
        this.lastActiveAt = now;
        this.ip = ip;
        this.userAgent = userAgent;
    }

    public Long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
