-- "Email contains T" sorted by last sign-in scanned the sign-in index up to the page's anchor: the
-- first deep page after a count read half the organization (57-71 ms, BENCHMARKS.md). Each suffix
-- row now also carries its account's last sign-in, so that a page in that order is, like by email
-- or creation time (V130), one covering range of the suffixes and a sort of the matches' own keys
-- (decision 0038). Unlike those keys it changes while the rows exist: V139's triggers write it on
-- every sign-in, then fill it for the rows written before.
ALTER TABLE sub_user_local_suffix
    ADD COLUMN last_sign_in_at DATETIME(6) NULL;

DELIMITER $$

-- V130's sub_user_suffixes_put with the last sign-in; a new name, so that the triggers that call the
-- old one keep working until V139 replaces them.
CREATE PROCEDURE sub_user_suffixes_put_signed_in(IN organization BIGINT,
                                                 IN address VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                                                 IN account BIGINT, IN created DATETIME(6), IN signed_in DATETIME(6))
BEGIN
    DECLARE local_part VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
        DEFAULT SUBSTRING_INDEX(address, '@', 1);
    DECLARE i INT DEFAULT 1;
    WHILE i <= CHAR_LENGTH(local_part) DO
        INSERT INTO sub_user_local_suffix (organization_id, suffix, account_id, email, created_at, last_sign_in_at)
        VALUES (organization, SUBSTRING(local_part, i), account, address, created, signed_in);
        SET i = i + 1;
    END WHILE;
END$$

-- A sign-in: the account's own suffix rows, each found by its primary key (the local part gives every
-- suffix), so no other index and no row of another account is read or locked.
CREATE PROCEDURE sub_user_suffixes_sign_in(IN organization BIGINT,
                                           IN address VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                                           IN account BIGINT, IN signed_in DATETIME(6))
BEGIN
    DECLARE local_part VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
        DEFAULT SUBSTRING_INDEX(address, '@', 1);
    DECLARE i INT DEFAULT 1;
    WHILE i <= CHAR_LENGTH(local_part) DO
        UPDATE sub_user_local_suffix SET last_sign_in_at = signed_in
        WHERE organization_id = organization AND suffix = SUBSTRING(local_part, i) AND account_id = account;
        SET i = i + 1;
    END WHILE;
END$$

DELIMITER ;
