-- A batch of audit rows lists its addresses with one multi-row INSERT IGNORE per chunk, and the
-- per-row trigger of V143 leaves such rows alone
-- (docs/decisions/0066-a-batch-of-audit-rows-lists-its-addresses-itself.md). A bulk reset writes
-- 10,000 rows; the trigger's two statements per row were its largest part above its floor.
--
-- addresses_listed is set by the writer that has listed the row's organization and addresses in
-- audit_address, in the same transaction, before it wrote the row (AuditEventBatch, for batches of
-- more than one row). Every other writer leaves it at its default, FALSE, and the trigger lists the
-- row's addresses as before: a single row, the code sign-in's procedure (V150), SQL run by hand, and
-- a node of the previous release during a rolling update, which names its columns and so never sets
-- it. The flag is per row, in the row: nothing outlives the statement that sets it.
ALTER TABLE audit_event ADD COLUMN addresses_listed BOOLEAN NOT NULL DEFAULT FALSE;

DELIMITER $$

-- V143's trigger, with the flag checked first. CREATE OR REPLACE swaps it under the table's metadata
-- lock, so no row is written without a trigger.
CREATE OR REPLACE TRIGGER audit_event_lists_addresses AFTER INSERT ON audit_event FOR EACH ROW
BEGIN
    IF NEW.organization_id IS NOT NULL AND NOT NEW.addresses_listed THEN
        IF NEW.actor_email IS NOT NULL THEN
            INSERT IGNORE INTO audit_address (organization_id, email) VALUES (NEW.organization_id, NEW.actor_email);
        END IF;
        IF NEW.target_email IS NOT NULL AND NOT (NEW.target_email <=> NEW.actor_email) THEN
            INSERT IGNORE INTO audit_address (organization_id, email) VALUES (NEW.organization_id, NEW.target_email);
        END IF;
    END IF;
END$$

DELIMITER ;
