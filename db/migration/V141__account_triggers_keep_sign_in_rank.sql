-- The account triggers count each sub-user in the sign-in rank (V140), last in each trigger, after
-- V139's work (lock order: tally rows, suffixes, email rank, sign-in rank). account_sub_user_inserted
-- and account_sub_user_updated are V139's with one more call at the end; account_sub_user_deleted is
-- V132's with one more call at the end. Nothing else changes. CREATE OR REPLACE swaps each trigger
-- under the table's metadata lock, so no row is written without one.

DELIMITER $$

CREATE OR REPLACE TRIGGER account_sub_user_inserted AFTER INSERT ON account FOR EACH ROW
BEGIN
    IF NEW.role = 'SUB_USER' THEN
        CALL sub_user_tally_add(NEW.organization_id, NEW.email, NEW.mfa_state,
                                NEW.console_access AND NEW.password_hash IS NOT NULL, 1);
        CALL sub_user_suffixes_put_signed_in(NEW.organization_id, NEW.email, NEW.id, NEW.created_at, NEW.last_sign_in_at);
        CALL sub_user_email_rank_add(NEW.organization_id, '', NEW.email, 1);
        CALL sub_user_email_rank_add(NEW.organization_id, NEW.mfa_state, NEW.email, 1);
        CALL sub_user_sign_in_rank_move(NULL, NULL, NEW.organization_id, NEW.last_sign_in_at, NEW.id);
    END IF;
END$$

CREATE OR REPLACE TRIGGER account_sub_user_deleted AFTER DELETE ON account FOR EACH ROW
BEGIN
    IF OLD.role = 'SUB_USER' THEN
        CALL sub_user_tally_add(OLD.organization_id, OLD.email, OLD.mfa_state,
                                OLD.console_access AND OLD.password_hash IS NOT NULL, -1);
        CALL sub_user_suffixes_remove(OLD.organization_id, OLD.email, OLD.id);
        CALL sub_user_email_rank_add(OLD.organization_id, '', OLD.email, -1);
        CALL sub_user_email_rank_add(OLD.organization_id, OLD.mfa_state, OLD.email, -1);
        CALL sub_user_sign_in_rank_move(OLD.organization_id, OLD.last_sign_in_at, NULL, NULL, OLD.id);
    END IF;
END$$

CREATE OR REPLACE TRIGGER account_sub_user_updated AFTER UPDATE ON account FOR EACH ROW
BEGIN
    IF NOT OLD.mfa_batch_changes <=> NEW.mfa_batch_changes THEN
        IF NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email
                AND OLD.created_at <=> NEW.created_at
                AND (OLD.console_access AND OLD.password_hash IS NOT NULL) <=> (NEW.console_access AND NEW.password_hash IS NOT NULL)) THEN
            SIGNAL SQLSTATE '45000'
                SET MESSAGE_TEXT = 'A bulk MFA change counts only MFA states: it may change nothing else the counts read';
        END IF;
    ELSEIF (OLD.role = 'SUB_USER' OR NEW.role = 'SUB_USER')
            AND NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email
                     AND OLD.mfa_state <=> NEW.mfa_state AND OLD.created_at <=> NEW.created_at
                     AND (OLD.console_access AND OLD.password_hash IS NOT NULL) <=> (NEW.console_access AND NEW.password_hash IS NOT NULL)) THEN
        -- The lower tally row is locked first, so that two opposite moves cannot deadlock.
        IF CONCAT(OLD.mfa_state, OLD.console_access AND OLD.password_hash IS NOT NULL)
                < CONCAT(NEW.mfa_state, NEW.console_access AND NEW.password_hash IS NOT NULL) THEN
            UPDATE sub_user_tally SET sub_users = sub_users - 1
            WHERE OLD.role = 'SUB_USER' AND organization_id = OLD.organization_id
              AND email_domain = SUBSTRING_INDEX(OLD.email, '@', -1) AND mfa_state = OLD.mfa_state
              AND console_login = (OLD.console_access AND OLD.password_hash IS NOT NULL);
            IF NEW.role = 'SUB_USER' THEN
                INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users)
                VALUES (NEW.organization_id, SUBSTRING_INDEX(NEW.email, '@', -1), NEW.mfa_state,
                        NEW.console_access AND NEW.password_hash IS NOT NULL, 1)
                ON DUPLICATE KEY UPDATE sub_users = sub_users + 1;
            END IF;
        ELSE
            IF NEW.role = 'SUB_USER' THEN
                INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users)
                VALUES (NEW.organization_id, SUBSTRING_INDEX(NEW.email, '@', -1), NEW.mfa_state,
                        NEW.console_access AND NEW.password_hash IS NOT NULL, 1)
                ON DUPLICATE KEY UPDATE sub_users = sub_users + 1;
            END IF;
            UPDATE sub_user_tally SET sub_users = sub_users - 1
            WHERE OLD.role = 'SUB_USER' AND organization_id = OLD.organization_id
              AND email_domain = SUBSTRING_INDEX(OLD.email, '@', -1) AND mfa_state = OLD.mfa_state
              AND console_login = (OLD.console_access AND OLD.password_hash IS NOT NULL);
        END IF;
        IF NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email
                AND OLD.created_at <=> NEW.created_at) THEN
            IF OLD.role = 'SUB_USER' THEN
                CALL sub_user_suffixes_remove(OLD.organization_id, OLD.email, OLD.id);
            END IF;
            IF NEW.role = 'SUB_USER' THEN
                CALL sub_user_suffixes_put_signed_in(NEW.organization_id, NEW.email, NEW.id, NEW.created_at, NEW.last_sign_in_at);
            END IF;
        END IF;
        IF NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email) THEN
            CALL sub_user_email_rank_move('', IF(OLD.role = 'SUB_USER', OLD.organization_id, NULL), OLD.email,
                                          '', IF(NEW.role = 'SUB_USER', NEW.organization_id, NULL), NEW.email);
        END IF;
        IF OLD.role = 'SUB_USER' AND NEW.role = 'SUB_USER' AND OLD.organization_id = NEW.organization_id
                AND OLD.email <=> NEW.email AND NOT OLD.mfa_state <=> NEW.mfa_state THEN
            -- A new MFA state alone (a single reset, an enrolment; a bulk change counts itself, above):
            -- sub_user_email_rank_add inline, the lower of the two buckets first.
            IF OLD.mfa_state < NEW.mfa_state THEN
                UPDATE sub_user_email_rank SET sub_users = sub_users - 1
                WHERE organization_id = OLD.organization_id AND mfa_state = OLD.mfa_state AND lower_email <= OLD.email
                ORDER BY lower_email DESC LIMIT 1;
                UPDATE sub_user_email_rank SET sub_users = sub_users + 1
                WHERE organization_id = NEW.organization_id AND mfa_state = NEW.mfa_state AND lower_email <= NEW.email
                ORDER BY lower_email DESC LIMIT 1;
                IF ROW_COUNT() = 0 THEN
                    CALL sub_user_email_rank_add(NEW.organization_id, NEW.mfa_state, NEW.email, 1);
                END IF;
            ELSE
                UPDATE sub_user_email_rank SET sub_users = sub_users + 1
                WHERE organization_id = NEW.organization_id AND mfa_state = NEW.mfa_state AND lower_email <= NEW.email
                ORDER BY lower_email DESC LIMIT 1;
                IF ROW_COUNT() = 0 THEN
                    CALL sub_user_email_rank_add(NEW.organization_id, NEW.mfa_state, NEW.email, 1);
                END IF;
                UPDATE sub_user_email_rank SET sub_users = sub_users - 1
                WHERE organization_id = OLD.organization_id AND mfa_state = OLD.mfa_state AND lower_email <= OLD.email
                ORDER BY lower_email DESC LIMIT 1;
            END IF;
        ELSEIF NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email
                    AND OLD.mfa_state <=> NEW.mfa_state) THEN
            CALL sub_user_email_rank_move(OLD.mfa_state, IF(OLD.role = 'SUB_USER', OLD.organization_id, NULL), OLD.email,
                                          NEW.mfa_state, IF(NEW.role = 'SUB_USER', NEW.organization_id, NULL), NEW.email);
        END IF;
    END IF;
    -- A sign-in (or any change that keeps the suffix rows but not their last sign-in): the account's
    -- own rows by primary key. Its first test fails on every other row, so a bulk MFA change (the
    -- branch above) pays one comparison a row.
    IF NOT OLD.last_sign_in_at <=> NEW.last_sign_in_at AND OLD.role = 'SUB_USER' AND NEW.role = 'SUB_USER'
            AND OLD.organization_id = NEW.organization_id AND OLD.email <=> NEW.email AND OLD.created_at <=> NEW.created_at THEN
        CALL sub_user_suffixes_sign_in(NEW.organization_id, NEW.email, NEW.id, NEW.last_sign_in_at);
    END IF;
    -- The sign-in rank (V140), last: a new last sign-in, or a row that becomes or stops being this
    -- organization's sub-user. Its first test fails on a bulk MFA change's rows (one comparison a row).
    IF NOT (OLD.last_sign_in_at <=> NEW.last_sign_in_at AND OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id)
            AND (OLD.role = 'SUB_USER' OR NEW.role = 'SUB_USER') THEN
        CALL sub_user_sign_in_rank_move(IF(OLD.role = 'SUB_USER', OLD.organization_id, NULL), OLD.last_sign_in_at,
                                        IF(NEW.role = 'SUB_USER', NEW.organization_id, NULL), NEW.last_sign_in_at, NEW.id);
    END IF;
END$$

DELIMITER ;
