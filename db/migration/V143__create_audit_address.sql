-- The distinct addresses (as actor or as target) of each organization's audit rows, so that the audit
-- log's "user contains" lists the matching addresses from about one row per user instead of reading
-- the organization's whole range of both email indexes
-- (docs/decisions/0048-the-audit-log-lists-its-addresses-in-a-table-kept-by-a-trigger.md).
-- audit_event is append-only (V003), so an address, once listed, stays true forever: nothing removes
-- a row here. The collation is audit_event's, so an address is listed once as GROUP BY would list it.
CREATE TABLE audit_address (
    organization_id BIGINT       NOT NULL,
    email           VARCHAR(254) NOT NULL,
    PRIMARY KEY (organization_id, email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

DELIMITER $$

-- Every writer of audit rows is covered, in the writing transaction: the console's single and
-- multi-row inserts alike, and a node of the previous release during a rolling update. An address
-- already listed (nearly every row) costs a duplicate-key check, which takes a shared lock on that
-- record alone: nothing takes it exclusively, so no other writer waits on a long bulk reset here.
CREATE TRIGGER audit_event_lists_addresses AFTER INSERT ON audit_event FOR EACH ROW
BEGIN
    IF NEW.organization_id IS NOT NULL THEN
        IF NEW.actor_email IS NOT NULL THEN
            INSERT IGNORE INTO audit_address (organization_id, email) VALUES (NEW.organization_id, NEW.actor_email);
        END IF;
        IF NEW.target_email IS NOT NULL AND NOT (NEW.target_email <=> NEW.actor_email) THEN
            INSERT IGNORE INTO audit_address (organization_id, email) VALUES (NEW.organization_id, NEW.target_email);
        END IF;
    END IF;
END$$

DELIMITER ;

-- The rows written before the trigger; after it, so that no row written meanwhile is missed.
INSERT IGNORE INTO audit_address (organization_id, email)
SELECT organization_id, actor_email FROM audit_event WHERE organization_id IS NOT NULL AND actor_email IS NOT NULL
UNION
SELECT organization_id, target_email FROM audit_event WHERE organization_id IS NOT NULL AND target_email IS NOT NULL;
