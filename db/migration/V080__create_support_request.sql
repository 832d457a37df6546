-- A customer's request for help, made on the second sign-in step after the right password, so it is
-- tied to that account. One open request per account: open_account_id is the account's id while the
-- request is open and NULL once it is closed, so its unique key refuses a second open request (MariaDB
-- has no partial index) and a second request updates the first with INSERT ... ON DUPLICATE KEY UPDATE.
CREATE TABLE support_request (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id      BIGINT        NOT NULL,
    description     VARCHAR(1000) NOT NULL,
    contact         VARCHAR(200)  NOT NULL,
    opened_at       TIMESTAMP(6)  NOT NULL,
    updated_at      TIMESTAMP(6)  NOT NULL,
    ip              VARCHAR(64)   NULL,
    user_agent      VARCHAR(512)  NULL,
    closed_at       TIMESTAMP(6)  NULL,
    closed_by       BIGINT        NULL,
    outcome         VARCHAR(32)   NULL,
    outcome_note    VARCHAR(500)  NULL,
    open_account_id BIGINT AS (IF(closed_at IS NULL, account_id, NULL)) PERSISTENT,
    CONSTRAINT uq_support_request_open UNIQUE (open_account_id),
    CONSTRAINT fk_support_request_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_support_request_closed_by FOREIGN KEY (closed_by) REFERENCES account (id),
    CONSTRAINT ck_support_request_closed CHECK ((closed_at IS NULL) = (outcome IS NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The queue pages open requests newest first by seeking on this index (closed_at IS NULL, then the
-- opening time and id of the last row seen); it never counts or skips rows.
CREATE INDEX ix_support_request_queue ON support_request (closed_at, opened_at, id);
CREATE INDEX ix_support_request_account ON support_request (account_id, opened_at);
