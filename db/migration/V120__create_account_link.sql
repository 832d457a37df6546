-- A single-use link sent by email (a forgotten password; later an invitation): the mail carries a
-- random token, the database only its SHA-256 hash. Used links keep their row, so that a second use
-- is refused and audited; the row goes with its account.
CREATE TABLE account_link (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    token_hash  CHAR(64)     NOT NULL,
    account_id  BIGINT       NOT NULL,
    purpose     VARCHAR(16)  NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    expires_at  DATETIME(6)  NOT NULL,
    used_at     DATETIME(6)  NULL,
    CONSTRAINT uq_account_link_token UNIQUE (token_hash),
    CONSTRAINT fk_account_link_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_account_link_account ON account_link (account_id, purpose, used_at);
