-- Transactional outbox: a mail is written in the same transaction as the change that causes it,
-- and a sender delivers it later, retrying with backoff.
CREATE TABLE mail_outbox (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    recipient       VARCHAR(254)  NOT NULL,
    subject         VARCHAR(200)  NOT NULL,
    body            TEXT          NOT NULL,
    created_at      TIMESTAMP(6)  NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP(6)  NOT NULL,
    sent_at         TIMESTAMP(6)  NULL,
    last_error      VARCHAR(500)  NULL,
    version         INT           NOT NULL DEFAULT 0
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);
