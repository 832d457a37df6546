-- Two tables the triggers below keep in step with account, in the transaction of each change, so
-- that they are exact under concurrent changes (row locks on the tally rows serialise the counts).
--
-- sub_user_tally: how many sub-users an organization has per email domain, MFA state and console
-- login. Counts and the MFA summary read a handful of rows here instead of every sub-user, and a
-- "contains" filter finds the domains it matches here.
CREATE TABLE sub_user_tally (
    organization_id BIGINT       NOT NULL,
    email_domain    VARCHAR(254) NOT NULL,
    mfa_state       VARCHAR(16)  NOT NULL,
    console_login   BOOLEAN      NOT NULL,
    sub_users       BIGINT       NOT NULL,
    PRIMARY KEY (organization_id, email_domain, mfa_state, console_login)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- sub_user_local_suffix: every suffix of the part of a sub-user's email before the '@'. "The email
-- contains T" is then "a suffix starts with T" (a range of this key) or "the domain contains T"
-- (the tally). Only the local part: the domain is shared by most users of an organization, and
-- its suffixes would make this table several times larger for nothing.
CREATE TABLE sub_user_local_suffix (
    organization_id BIGINT       NOT NULL,
    suffix          VARCHAR(254) NOT NULL,
    account_id      BIGINT       NOT NULL,
    PRIMARY KEY (organization_id, suffix, account_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users)
SELECT organization_id, SUBSTRING_INDEX(email, '@', -1), mfa_state,
       console_access AND password_hash IS NOT NULL, COUNT(*)
FROM account
WHERE role = 'SUB_USER'
GROUP BY organization_id, SUBSTRING_INDEX(email, '@', -1), mfa_state, console_access AND password_hash IS NOT NULL;

INSERT INTO sub_user_local_suffix (organization_id, suffix, account_id)
SELECT a.organization_id, SUBSTRING(SUBSTRING_INDEX(a.email, '@', 1), n.seq), a.id
FROM account a
JOIN seq_1_to_254 n ON n.seq <= CHAR_LENGTH(SUBSTRING_INDEX(a.email, '@', 1))
WHERE a.role = 'SUB_USER';

DELIMITER $$

CREATE PROCEDURE sub_user_tally_add(IN organization BIGINT, IN email VARCHAR(254), IN state VARCHAR(16),
                                    IN login BOOLEAN, IN delta INT)
BEGIN
    INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users)
    VALUES (organization, SUBSTRING_INDEX(email, '@', -1), state, login, delta)
    ON DUPLICATE KEY UPDATE sub_users = sub_users + delta;
END$$

CREATE PROCEDURE sub_user_suffixes_add(IN organization BIGINT, IN email VARCHAR(254), IN account BIGINT)
BEGIN
    DECLARE local_part VARCHAR(254) DEFAULT SUBSTRING_INDEX(email, '@', 1);
    DECLARE i INT DEFAULT 1;
    WHILE i <= CHAR_LENGTH(local_part) DO
        INSERT INTO sub_user_local_suffix (organization_id, suffix, account_id)
        VALUES (organization, SUBSTRING(local_part, i), account);
        SET i = i + 1;
    END WHILE;
END$$

CREATE PROCEDURE sub_user_suffixes_remove(IN organization BIGINT, IN email VARCHAR(254), IN account BIGINT)
BEGIN
    DECLARE local_part VARCHAR(254) DEFAULT SUBSTRING_INDEX(email, '@', 1);
    DECLARE i INT DEFAULT 1;
    WHILE i <= CHAR_LENGTH(local_part) DO
        DELETE FROM sub_user_local_suffix
        WHERE organization_id = organization AND suffix = SUBSTRING(local_part, i) AND account_id = account;
        SET i = i + 1;
    END WHILE;
END$$

CREATE TRIGGER account_sub_user_inserted AFTER INSERT ON account FOR EACH ROW
BEGIN
    IF NEW.role = 'SUB_USER' THEN
        CALL sub_user_tally_add(NEW.organization_id, NEW.email, NEW.mfa_state,
                                NEW.console_access AND NEW.password_hash IS NOT NULL, 1);
        CALL sub_user_suffixes_add(NEW.organization_id, NEW.email, NEW.id);
    END IF;
END$$

CREATE TRIGGER account_sub_user_deleted AFTER DELETE ON account FOR EACH ROW
BEGIN
    IF OLD.role = 'SUB_USER' THEN
        CALL sub_user_tally_add(OLD.organization_id, OLD.email, OLD.mfa_state,
                                OLD.console_access AND OLD.password_hash IS NOT NULL, -1);
        CALL sub_user_suffixes_remove(OLD.organization_id, OLD.email, OLD.id);
    END IF;
END$$

-- Inline statements, not CALLs: a bulk reset updates thousands of rows, and this runs for each.
CREATE TRIGGER account_sub_user_updated AFTER UPDATE ON account FOR EACH ROW
BEGIN
    IF (OLD.role = 'SUB_USER' OR NEW.role = 'SUB_USER')
            AND NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email
                     AND OLD.mfa_state <=> NEW.mfa_state
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
        IF NOT (OLD.role <=> NEW.role AND OLD.organization_id <=> NEW.organization_id AND OLD.email <=> NEW.email) THEN
            IF OLD.role = 'SUB_USER' THEN
                CALL sub_user_suffixes_remove(OLD.organization_id, OLD.email, OLD.id);
            END IF;
            IF NEW.role = 'SUB_USER' THEN
                CALL sub_user_suffixes_add(NEW.organization_id, NEW.email, NEW.id);
            END IF;
        END IF;
    END IF;
END$$

DELIMITER ;
