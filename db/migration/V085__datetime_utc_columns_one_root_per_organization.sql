-- Every time column becomes DATETIME(6) holding UTC, written and read by connections whose session
-- time zone is UTC (connectionTimeZone=UTC, forceConnectionTimeZoneToSession=true: application.properties).
-- TIMESTAMP had two faults: it ends in 2038, and on a server with explicit_defaults_for_timestamp=OFF
-- (the default up to MariaDB 10.9) the first TIMESTAMP NOT NULL column of each table was created with
-- DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, so created_at moved at every update (and
-- "Require login after" never fired). MODIFY redefines each column whole, which drops such a clause.
-- TIMESTAMP values convert to DATETIME in the session time zone: UTC here, so the instants stay.
-- Numbered after support's V080-V084 (released first), whose tables it converts too.
SET time_zone = '+00:00';

ALTER TABLE organization
    MODIFY created_at        DATETIME(6) NOT NULL,
    MODIFY mfa_grace_ends_at DATETIME(6) NULL;

ALTER TABLE account
    MODIFY created_at      DATETIME(6) NOT NULL,
    MODIFY last_sign_in_at DATETIME(6) NULL;

ALTER TABLE audit_event
    MODIFY occurred_at DATETIME(6) NOT NULL;

ALTER TABLE mail_outbox
    MODIFY created_at      DATETIME(6) NOT NULL,
    MODIFY next_attempt_at DATETIME(6) NOT NULL,
    MODIFY sent_at         DATETIME(6) NULL,
    MODIFY lease_until     DATETIME(6) NULL,
    MODIFY dead_at         DATETIME(6) NULL;

ALTER TABLE mfa_credential
    MODIFY created_at   DATETIME(6) NOT NULL,
    MODIFY activated_at DATETIME(6) NULL;

ALTER TABLE mfa_recovery_code
    MODIFY created_at DATETIME(6) NOT NULL,
    MODIFY used_at    DATETIME(6) NULL;

ALTER TABLE console_session
    MODIFY created_at     DATETIME(6) NOT NULL,
    MODIFY last_active_at DATETIME(6) NOT NULL,
    MODIFY ended_at       DATETIME(6) NULL;

ALTER TABLE attempt_counter
    MODIFY window_starts_at DATETIME(6) NOT NULL,
    MODIFY locked_until     DATETIME(6) NULL;

ALTER TABLE support_request
    MODIFY opened_at  DATETIME(6) NOT NULL,
    MODIFY updated_at DATETIME(6) NOT NULL,
    MODIFY closed_at  DATETIME(6) NULL;

ALTER TABLE support_verification
    MODIFY sent_at    DATETIME(6) NOT NULL,
    MODIFY expires_at DATETIME(6) NOT NULL,
    MODIFY voided_at  DATETIME(6) NULL,
    MODIFY used_at    DATETIME(6) NULL;

ALTER TABLE support_reset_approval
    MODIFY requested_at DATETIME(6) NOT NULL,
    MODIFY decided_at   DATETIME(6) NULL;

-- V002's two indexes are prefixes of V020's once role is fixed, and every query of the organization's
-- accounts names the role: they only cost writes. The foreign key on organization_id uses V020's.
DROP INDEX ix_account_organization_email ON account;
DROP INDEX ix_account_organization_mfa_email ON account;

-- One root user per organization, as a constraint rather than a habit of the sign-up code.
ALTER TABLE account
    ADD COLUMN root_of_organization BIGINT AS (IF(role = 'ROOT', organization_id, NULL)) PERSISTENT,
    ADD CONSTRAINT uq_account_one_root_per_organization UNIQUE (root_of_organization);
