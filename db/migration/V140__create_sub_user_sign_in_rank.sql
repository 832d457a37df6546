-- Where row N of an organization's sub-users sorted by last sign-in is, without reading the N rows
-- before it (docs/decisions/0039-an-exact-rank-of-sub-users-by-last-sign-in.md). The order is
-- SubUserOrder.LAST_SIGN_IN: who never signed in first (by id), then (last_sign_in_at, id). A row's
-- key is (COALESCE(last_sign_in_at, '1000-01-01'), id): no sign-in is ever that old, so the
-- never-signed-in block is the keys at '1000-01-01', ordered by id.
--
-- Buckets of consecutive keys from a boundary (lower_at, lower_id) up to the next one. Each bucket
-- is 8 rows, one per shard (account id MOD 8), so that writers of one bucket rarely wait for each
-- other. The LAST bucket of an organization is open: its stored counts mean nothing, its count is
-- the organization's sub-users (sub_user_tally) minus the closed buckets'. A sign-in moves a row
-- to now, into the open bucket: it writes only a decrement of the bucket it leaves (a cold row
-- for most sign-ins), never a hot newest row. The closed buckets' counts are exact per shard.
-- Boundaries are only ever added or removed by SubUserSignInRanks' rebalancing, which never waits
-- for a lock and never puts a boundary at a time later than an hour ago.
CREATE TABLE sub_user_sign_in_rank (
    organization_id BIGINT      NOT NULL,
    shard           TINYINT     NOT NULL,
    lower_at        DATETIME(6) NOT NULL,
    lower_id        BIGINT      NOT NULL,
    sub_users       INT         NOT NULL,
    PRIMARY KEY (organization_id, shard, lower_at, lower_id)
) ENGINE = InnoDB;

DELIMITER $$

-- Adds delta to the shard row of the bucket that holds one key: the last boundary at or before it,
-- found by a locking scan downwards, as sub_user_email_rank_add (V131) does: it reads the latest
-- boundaries and, before it waits for the bucket's lock, locks the gap above it, into which a cut
-- must insert and which it never waits for.
CREATE PROCEDURE sub_user_sign_in_rank_add(IN organization BIGINT, IN signed_in DATETIME(6), IN account BIGINT, IN delta INT)
BEGIN
    DECLARE at_key DATETIME(6) DEFAULT COALESCE(signed_in, '1000-01-01 00:00:00');
    UPDATE sub_user_sign_in_rank SET sub_users = sub_users + delta
    WHERE organization_id = organization AND shard = account MOD 8
      AND lower_at <= at_key AND (lower_at < at_key OR lower_id <= account)
    ORDER BY lower_at DESC, lower_id DESC LIMIT 1;
    IF ROW_COUNT() = 0 THEN
        -- An organization without its first bucket (none is created without one: V140's fill, the organization trigger).
        INSERT INTO sub_user_sign_in_rank (organization_id, shard, lower_at, lower_id, sub_users)
        VALUES (organization, account MOD 8, '1000-01-01 00:00:00', 0, delta)
        ON DUPLICATE KEY UPDATE sub_users = sub_users + delta;
    END IF;
END$$

-- One row's move: out of (old_organization, old key), into the new one; a NULL organization is
-- "not a sub-user on that side". A new key within the last five minutes is in the open bucket
-- (every boundary is more than an hour old) and is not written: a sign-in writes only the bucket
-- it leaves. The lower of two buckets is locked first, so two single-row changes never wait in a circle.
CREATE PROCEDURE sub_user_sign_in_rank_move(IN old_organization BIGINT, IN old_at DATETIME(6),
                                            IN new_organization BIGINT, IN new_at DATETIME(6), IN account BIGINT)
BEGIN
    DECLARE counted_new BOOLEAN DEFAULT new_organization IS NOT NULL
        AND (new_at IS NULL OR new_at < UTC_TIMESTAMP(6) - INTERVAL 5 MINUTE);
    IF NOT (old_organization <=> new_organization AND old_at <=> new_at) THEN
        IF old_organization IS NOT NULL
                AND (NOT counted_new
                     OR (old_organization, COALESCE(old_at, '1000-01-01 00:00:00'))
                        < (new_organization, COALESCE(new_at, '1000-01-01 00:00:00'))) THEN
            CALL sub_user_sign_in_rank_add(old_organization, old_at, account, -1);
            IF counted_new THEN
                CALL sub_user_sign_in_rank_add(new_organization, new_at, account, 1);
            END IF;
        ELSE
            IF counted_new THEN
                CALL sub_user_sign_in_rank_add(new_organization, new_at, account, 1);
            END IF;
            IF old_organization IS NOT NULL THEN
                CALL sub_user_sign_in_rank_add(old_organization, old_at, account, -1);
            END IF;
        END IF;
    END IF;
END$$

-- Every organization starts with its first bucket, open.
CREATE TRIGGER organization_sign_in_rank_started AFTER INSERT ON organization FOR EACH ROW
BEGIN
    INSERT IGNORE INTO sub_user_sign_in_rank (organization_id, shard, lower_at, lower_id, sub_users)
    VALUES (NEW.id, 0, '1000-01-01 00:00:00', 0, 0), (NEW.id, 1, '1000-01-01 00:00:00', 0, 0),
           (NEW.id, 2, '1000-01-01 00:00:00', 0, 0), (NEW.id, 3, '1000-01-01 00:00:00', 0, 0),
           (NEW.id, 4, '1000-01-01 00:00:00', 0, 0), (NEW.id, 5, '1000-01-01 00:00:00', 0, 0),
           (NEW.id, 6, '1000-01-01 00:00:00', 0, 0), (NEW.id, 7, '1000-01-01 00:00:00', 0, 0);
END$$

DELIMITER ;

-- Every existing organization: one open bucket, whose count is derived, so the fill is exact whatever
-- runs meanwhile. The rebalancing cuts it within seconds.
INSERT IGNORE INTO sub_user_sign_in_rank (organization_id, shard, lower_at, lower_id, sub_users)
SELECT o.id, s.shard, '1000-01-01 00:00:00', 0, 0
FROM organization o
CROSS JOIN (SELECT 0 AS shard UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
            UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7) s;
