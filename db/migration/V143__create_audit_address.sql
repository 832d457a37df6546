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

-- Lists the addresses of every audit row written so far; idempotent, so it may run again. The
-- cursor's read is a plain consistent read and the inserts commit a thousand at a time: an
-- INSERT ... SELECT holds shared locks on every audit row it read, and its new addresses, until it
-- commits, and every audit write (a sign-in) waits that long (seen: a lock wait timeout).
CREATE PROCEDURE audit_address_fill()
BEGIN
    DECLARE done BOOLEAN DEFAULT FALSE;
    DECLARE listed INT DEFAULT 0;
    DECLARE organization BIGINT;
    DECLARE address VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    DECLARE addresses CURSOR FOR
        SELECT organization_id, actor_email FROM audit_event WHERE organization_id IS NOT NULL AND actor_email IS NOT NULL
        UNION
        SELECT organization_id, target_email FROM audit_event WHERE organization_id IS NOT NULL AND target_email IS NOT NULL;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
    OPEN addresses;
    listing: LOOP
        FETCH addresses INTO organization, address;
        IF done THEN
            LEAVE listing;
        END IF;
        INSERT IGNORE INTO audit_address (organization_id, email) VALUES (organization, address);
        SET listed = listed + 1;
        IF listed % 1000 = 0 THEN
            COMMIT;
        END IF;
    END LOOP;
    CLOSE addresses;
    COMMIT;
END$$

DELIMITER ;

-- The rows written before the trigger: after it, so that none written meanwhile is missed (CREATE
-- TRIGGER waited for every open writer of audit_event to end).
CALL audit_address_fill();
