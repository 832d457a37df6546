-- One-time codes that support mails to an account's address to check the identity of a customer who
-- reads it back. Only a salted SHA-256 of the code is stored; it works once (used_at, set by a
-- conditional UPDATE), for 15 minutes, and its tries are limited by the attempt limiter. A new code
-- voids the account's earlier ones. Once used, the row records who verified the identity and when.
CREATE TABLE support_verification (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id  BIGINT       NOT NULL,
    code_salt   CHAR(32)     NOT NULL,
    code_hash   CHAR(64)     NOT NULL,
    sent_by     BIGINT       NOT NULL,
    sent_at     TIMESTAMP(6) NOT NULL,
    expires_at  TIMESTAMP(6) NOT NULL,
    voided_at   TIMESTAMP(6) NULL,
    used_at     TIMESTAMP(6) NULL,
    verified_by BIGINT       NULL,
    CONSTRAINT fk_support_verification_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_support_verification_sent_by FOREIGN KEY (sent_by) REFERENCES account (id),
    CONSTRAINT fk_support_verification_verified_by FOREIGN KEY (verified_by) REFERENCES account (id),
    CONSTRAINT ck_support_verification_used CHECK ((used_at IS NULL) = (verified_by IS NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_support_verification_account ON support_verification (account_id, sent_at);
