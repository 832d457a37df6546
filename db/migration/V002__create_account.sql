-- One table for every person who can be named in the console: root users, sub-users and support
-- staff. Support staff belong to no organization.
CREATE TABLE account (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    organization_id BIGINT       NULL,
    email           VARCHAR(254) NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    password_hash   VARCHAR(255) NULL,
    console_access  BOOLEAN      NOT NULL DEFAULT FALSE,
    mfa_state       VARCHAR(16)  NOT NULL DEFAULT 'OFF',
    created_at      TIMESTAMP(6) NOT NULL,
    last_sign_in_at TIMESTAMP(6) NULL,
    version         INT          NOT NULL DEFAULT 0,
    CONSTRAINT uq_account_email UNIQUE (email),
    CONSTRAINT fk_account_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
    CONSTRAINT ck_account_role CHECK (role IN ('ROOT', 'SUB_USER', 'SUPPORT')),
    CONSTRAINT ck_account_mfa_state CHECK (mfa_state IN ('OFF', 'PENDING', 'ACTIVE')),
    CONSTRAINT ck_account_organization CHECK ((role = 'SUPPORT') = (organization_id IS NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_account_organization_email ON account (organization_id, email);
CREATE INDEX ix_account_organization_mfa_email ON account (organization_id, mfa_state, email);
