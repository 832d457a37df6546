-- Failed sign-ins per account and IP address; in the database so that every node sees a block.
CREATE TABLE login_failure (
    account_id       BIGINT       NOT NULL,
    ip               VARCHAR(64)  NOT NULL,
    failures         INT          NOT NULL DEFAULT 0,
    window_starts_at TIMESTAMP(6) NOT NULL,
    blocked_until    TIMESTAMP(6) NULL,
    PRIMARY KEY (account_id, ip),
    CONSTRAINT fk_login_failure_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
