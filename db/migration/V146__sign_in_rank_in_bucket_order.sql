-- The sign-in rank's rows stored in bucket order
-- (docs/decisions/0055-the-sign-in-rank-is-stored-in-bucket-order-and-locked-through-its-shard-index.md).
--
-- A page by last sign-in reads every bucket of its organization, summed over its 8 shard rows. With
-- the primary key (organization_id, shard, lower_at, lower_id) the 8 shards came as 8 separate runs
-- and MariaDB grouped them in a temporary table; in bucket order the read streams its groups.
--
-- The old order stays as a secondary index, and every LOCKING statement of the rank reads through it:
-- the triggers' scan below, and the rebalancing's SELECT … FOR UPDATE (SubUserSignInRanks). Its
-- entries are in the order the primary key had, so every lock that decisions 0031 and 0039 reason
-- about (a scan downwards within one shard, the gap above a bucket that a waiting writer holds and a
-- cut must insert into) falls on the same entries as before; the row a statement then changes is
-- locked on the primary key after its index entry, by every statement alike. Scanned on the primary
-- key instead, a writer's scan would pass and lock the other shards' rows of its bucket, and writers
-- of one bucket would wait for each other. The counts are not in the index, so a count changes no
-- entry of it.

ALTER TABLE sub_user_sign_in_rank
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (organization_id, lower_at, lower_id, shard),
    ADD INDEX ix_sub_user_sign_in_rank_shard (organization_id, shard, lower_at, lower_id);

DROP PROCEDURE sub_user_sign_in_rank_add;

DELIMITER $$

-- As in V140, with its locking scan pinned to the shard index.
CREATE PROCEDURE sub_user_sign_in_rank_add(IN organization BIGINT, IN signed_in DATETIME(6), IN account BIGINT, IN delta INT)
BEGIN
    DECLARE at_key DATETIME(6) DEFAULT COALESCE(signed_in, '1000-01-01 00:00:00');
    UPDATE sub_user_sign_in_rank FORCE INDEX (ix_sub_user_sign_in_rank_shard) SET sub_users = sub_users + delta
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

DELIMITER ;
