-- The account update trigger of V141, with the same counting in fewer steps for the rows a bulk
-- reset writes (decision 0042): a row that changes nothing the counts read (the reset's
-- credentials version, a password, a lock) is done after the first two tests, and a bulk MFA change
-- (mfa_batch_changes, decision 0034) after its check, which now also refuses a new last sign-in (the
-- suffixes and the sign-in rank read it since V138/V141; the batch counts MFA states only). The
-- sign-in and rank tests run only inside the branch of rows that change something counted.
-- Measured per row in one run, alternating with V141's (BENCHMARKS.md). CREATE OR REPLACE swaps the
-- trigger under the table's metadata lock, so no row is written without one.

DELIMITER $$

CREATE OR REPLACE TRIGGER account_sub_user_updated AFTER UPDATE ON account FOR EACH ROW
BEGIN
    IF NOT OLD.mfa_batch_changes <=> NEW.mfa_batch_changes THEN
        IF NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email
                AND OLD.created_at <=> NEW.created_at AND OLD.last_sign_in_at <=> NEW.last_sign_in_at
                AND (OLD.console_access AND OLD.password_hash IS NOT NULL) <=> (NEW.console_access AND NEW.password_hash IS NOT NULL)) THEN
            SIGNAL SQLSTATE '45000'
                SET MESSAGE_TEXT = 'A bulk MFA change counts only MFA states: it may change nothing else the counts read';
        END IF;
    ELSEIF (OLD.role = 'SUB_USER' OR NEW.role = 'SUB_USER')
            AND NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email
                     AND OLD.mfa_state <=> NEW.mfa_state AND OLD.created_at <=> NEW.created_at
                     AND OLD.last_sign_in_at <=> NEW.last_sign_in_at
                     AND (OLD.console_access AND OLD.password_hash IS NOT NULL) <=> (NEW.console_access AND NEW.password_hash IS NOT NULL)) THEN
        IF NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email
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
        -- own rows by primary key.
        IF NOT OLD.last_sign_in_at <=> NEW.last_sign_in_at AND OLD.role = 'SUB_USER' AND NEW.role = 'SUB_USER'
                AND OLD.organization_id = NEW.organization_id AND OLD.email <=> NEW.email AND OLD.created_at <=> NEW.created_at THEN
            CALL sub_user_suffixes_sign_in(NEW.organization_id, NEW.email, NEW.id, NEW.last_sign_in_at);
        END IF;
        -- The sign-in rank (V140), last: a new last sign-in, or a row that becomes or stops being this
        -- organization's sub-user.
        IF NOT (OLD.last_sign_in_at <=> NEW.last_sign_in_at AND OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id)
                AND (OLD.role = 'SUB_USER' OR NEW.role = 'SUB_USER') THEN
            CALL sub_user_sign_in_rank_move(IF(OLD.role = 'SUB_USER', OLD.organization_id, NULL), OLD.last_sign_in_at,
                                            IF(NEW.role = 'SUB_USER', NEW.organization_id, NULL), NEW.last_sign_in_at, NEW.id);
        END IF;
    END IF;
END$$

DELIMITER ;
