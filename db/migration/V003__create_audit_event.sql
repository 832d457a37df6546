-- Append-only: the triggers refuse every UPDATE and DELETE, whoever sends it.
CREATE TABLE audit_event (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    occurred_at       TIMESTAMP(6)  NOT NULL,
    event_type        VARCHAR(48)   NOT NULL,
    actor_account_id  BIGINT        NULL,
    actor_email       VARCHAR(254)  NULL,
    organization_id   BIGINT        NULL,
    target_account_id BIGINT        NULL,
    target_email      VARCHAR(254)  NULL,
    details           VARCHAR(1000) NULL,
    ip                VARCHAR(64)   NULL,
    user_agent        VARCHAR(512)  NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_audit_event_organization_time ON audit_event (organization_id, occurred_at);
CREATE INDEX ix_audit_event_target_time ON audit_event (target_account_id, occurred_at);
CREATE INDEX ix_audit_event_actor_time ON audit_event (actor_account_id, occurred_at);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_event is append-only';

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_event is append-only';
