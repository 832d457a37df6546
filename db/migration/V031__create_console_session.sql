-- A signed-in browser, known to every node: the browser holds a random token in a cookie, the
-- database only its SHA-256 hash. A row is ended (not deleted) when the session ends, so that its
-- end is decided, and audited, once; old rows are purged.
CREATE TABLE console_session (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    token_hash     CHAR(64)     NOT NULL,
    account_id     BIGINT       NOT NULL,
    created_at     TIMESTAMP(6) NOT NULL,
    last_active_at TIMESTAMP(6) NOT NULL,
    ended_at       TIMESTAMP(6) NULL,
    end_reason     VARCHAR(24)  NULL,
    ip             VARCHAR(64)  NULL,
    user_agent     VARCHAR(512) NULL,
    version        INT          NOT NULL DEFAULT 0,
    CONSTRAINT uq_console_session_token UNIQUE (token_hash),
    CONSTRAINT fk_console_session_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT ck_console_session_end CHECK ((ended_at IS NULL) = (end_reason IS NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_console_session_account ON console_session (account_id, ended_at);
CREATE INDEX ix_console_session_last_active ON console_session (last_active_at);
