-- Four eyes on the MFA reset of a root account: one support member asks (with their identity
-- verification of the customer, a reason and a ticket reference), another decides. One pending
-- approval per account (pending_account_id is NULL once decided, as in support_request). The
-- decision is one conditional UPDATE, so two members deciding at once cannot both win.
CREATE TABLE support_reset_approval (
    id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id         BIGINT       NOT NULL,
    verification_id    BIGINT       NOT NULL,
    reason             VARCHAR(300) NOT NULL,
    ticket             VARCHAR(64)  NOT NULL,
    requested_by       BIGINT       NOT NULL,
    requested_at       TIMESTAMP(6) NOT NULL,
    decided_by         BIGINT       NULL,
    decided_at         TIMESTAMP(6) NULL,
    outcome            VARCHAR(16)  NULL,
    pending_account_id BIGINT AS (IF(decided_at IS NULL, account_id, NULL)) PERSISTENT,
    CONSTRAINT uq_support_reset_approval_pending UNIQUE (pending_account_id),
    CONSTRAINT fk_support_reset_approval_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_support_reset_approval_verification FOREIGN KEY (verification_id)
        REFERENCES support_verification (id) ON DELETE CASCADE,
    CONSTRAINT fk_support_reset_approval_requested_by FOREIGN KEY (requested_by) REFERENCES account (id),
    CONSTRAINT fk_support_reset_approval_decided_by FOREIGN KEY (decided_by) REFERENCES account (id),
    CONSTRAINT ck_support_reset_approval_decided CHECK ((decided_at IS NULL) = (outcome IS NULL)),
    CONSTRAINT ck_support_reset_approval_outcome CHECK (outcome IN ('APPROVED', 'REJECTED', 'WITHDRAWN'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_support_reset_approval_pending ON support_reset_approval (decided_at, requested_at, id);
