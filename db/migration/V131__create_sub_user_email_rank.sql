-- Where row N of an organization's sub-users sorted by email is, without reading the N rows before
-- it (docs/decisions/0031-an-exact-rank-of-sub-users-by-email.md). The rows of one partition (every
-- sub-user: mfa_state ''; or those in one MFA state) are cut into buckets at boundary addresses:
-- a bucket holds the addresses from its lower_email up to the next bucket's lower_email, and
-- sub_users says exactly how many. The first bucket of each partition starts at '' (before any
-- address) and always exists, so every address has exactly one bucket.
--
-- The triggers of V132 add each change to its bucket in the changing transaction, holding the
-- bucket's row lock until commit (exact under concurrency, like sub_user_tally). Boundaries are
-- only ever added or removed by SubUserRanks' rebalancing, which never waits for a lock.
CREATE TABLE sub_user_email_rank (
    organization_id BIGINT       NOT NULL,
    mfa_state       VARCHAR(16)  NOT NULL,
    lower_email     VARCHAR(254) NOT NULL,
    sub_users       INT          NOT NULL,
    PRIMARY KEY (organization_id, mfa_state, lower_email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

DELIMITER $$

-- Adds delta to the bucket of one address: the last boundary at or before it, found by a locking
-- scan downwards from the address, which reads the latest boundaries (not the snapshot) and, before
-- it waits for the bucket's lock, locks the gap above the bucket (InnoDB's phantom guard of an
-- ORDER BY ... DESC scan). A cut of that bucket (SubUserRanks.split) must insert its boundaries into
-- that gap and never waits for a lock, so it fails while this runs: the count lands in the bucket
-- that holds the address until this transaction ends. Parameters name their collation: a routine's
-- strings otherwise take the database's default (latin1 on a server created with defaults).
CREATE PROCEDURE sub_user_email_rank_add(IN organization BIGINT,
                                         IN state VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                                         IN address VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                                         IN delta INT)
BEGIN
    UPDATE sub_user_email_rank SET sub_users = sub_users + delta
    WHERE organization_id = organization AND mfa_state = state AND lower_email <= address
    ORDER BY lower_email DESC LIMIT 1;
    IF ROW_COUNT() = 0 THEN
        -- An organization without its first buckets (created before V131 and missed by V133).
        INSERT INTO sub_user_email_rank (organization_id, mfa_state, lower_email, sub_users)
        VALUES (organization, state, '', delta)
        ON DUPLICATE KEY UPDATE sub_users = sub_users + delta;
    END IF;
END$$

-- One row's move in one partition: out of (old_organization, old_email), into the new one; a NULL
-- organization is "not a sub-user on that side". The lower of the two buckets is locked first, as
-- the tally does, so that two single-row changes never wait for each other in a circle.
CREATE PROCEDURE sub_user_email_rank_move(IN state_before VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                                          IN old_organization BIGINT,
                                          IN old_email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                                          IN state_after VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                                          IN new_organization BIGINT,
                                          IN new_email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci)
BEGIN
    IF NOT (old_organization <=> new_organization AND state_before <=> state_after AND old_email <=> new_email) THEN
        IF old_organization IS NOT NULL
                AND (new_organization IS NULL
                     OR (old_organization, state_before, old_email) < (new_organization, state_after, new_email)) THEN
            CALL sub_user_email_rank_add(old_organization, state_before, old_email, -1);
            IF new_organization IS NOT NULL THEN
                CALL sub_user_email_rank_add(new_organization, state_after, new_email, 1);
            END IF;
        ELSE
            IF new_organization IS NOT NULL THEN
                CALL sub_user_email_rank_add(new_organization, state_after, new_email, 1);
            END IF;
            IF old_organization IS NOT NULL THEN
                CALL sub_user_email_rank_add(old_organization, state_before, old_email, -1);
            END IF;
        END IF;
    END IF;
END$$

-- Every organization starts with the first bucket of each partition.
CREATE TRIGGER organization_email_rank_started AFTER INSERT ON organization FOR EACH ROW
BEGIN
    INSERT IGNORE INTO sub_user_email_rank (organization_id, mfa_state, lower_email, sub_users)
    VALUES (NEW.id, '', '', 0), (NEW.id, 'ACTIVE', '', 0), (NEW.id, 'OFF', '', 0), (NEW.id, 'PENDING', '', 0);
END$$

DELIMITER ;
