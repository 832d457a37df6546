-- "Email contains T" with many matches in local parts (a tenth of 100,000) joined every candidate
-- suffix with account to sort the matches, for every page (BENCHMARKS.md, 46-52 ms). Each suffix
-- row now carries its account's email and creation time: neither changes while the row exists (a
-- new email replaces the account's suffix rows, V132), so a page sorted by either is one covering
-- range read of the suffixes and a sort of the matches' own keys. Filled by V133, after V132's
-- triggers write them for every new row, so that no row written meanwhile is missed.
ALTER TABLE sub_user_local_suffix
    ADD COLUMN email      VARCHAR(254) NULL,
    ADD COLUMN created_at DATETIME(6)  NULL;

DELIMITER $$

-- V050's sub_user_suffixes_add with the new columns; its strings in the table's collation, not the
-- database's default.
CREATE PROCEDURE sub_user_suffixes_put(IN organization BIGINT,
                                       IN address VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                                       IN account BIGINT, IN created DATETIME(6))
BEGIN
    DECLARE local_part VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
        DEFAULT SUBSTRING_INDEX(address, '@', 1);
    DECLARE i INT DEFAULT 1;
    WHILE i <= CHAR_LENGTH(local_part) DO
        INSERT INTO sub_user_local_suffix (organization_id, suffix, account_id, email, created_at)
        VALUES (organization, SUBSTRING(local_part, i), account, address, created);
        SET i = i + 1;
    END WHILE;
END$$

DELIMITER ;
