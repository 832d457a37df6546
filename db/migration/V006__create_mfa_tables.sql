-- The authenticator secret of an account, encrypted with a key kept outside the database
-- (key id inside the ciphertext). last_used_step makes every code single-use on every node.
CREATE TABLE mfa_credential (
    account_id       BIGINT       NOT NULL PRIMARY KEY,
    encrypted_secret VARCHAR(512) NOT NULL,
    created_at       TIMESTAMP(6) NOT NULL,
    activated_at     TIMESTAMP(6) NULL,
    last_used_step   BIGINT       NULL,
    version          INT          NOT NULL DEFAULT 0,
    CONSTRAINT fk_mfa_credential_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Single-use recovery codes, stored only as slow salted hashes.
CREATE TABLE mfa_recovery_code (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id BIGINT       NOT NULL,
    code_hash  VARCHAR(255) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    used_at    TIMESTAMP(6) NULL,
    CONSTRAINT fk_mfa_recovery_code_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_mfa_recovery_code_account ON mfa_recovery_code (account_id, used_at);

-- Wrong codes per account, shared by every node: a few per window, then a lock that doubles.
CREATE TABLE mfa_code_attempt (
    account_id       BIGINT       NOT NULL PRIMARY KEY,
    failures         INT          NOT NULL DEFAULT 0,
    window_starts_at TIMESTAMP(6) NOT NULL,
    locked_until     TIMESTAMP(6) NULL,
    lock_count       INT          NOT NULL DEFAULT 0,
    CONSTRAINT fk_mfa_code_attempt_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
