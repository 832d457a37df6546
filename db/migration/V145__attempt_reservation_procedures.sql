-- An attempt reservation as stored procedures (docs/decisions/0054-a-sign-in-reserves-through-a-stored-procedure-and-reads-its-mfa-state-with-the-account.md):
-- the same statements AttemptCounters sent as one compound statement (decision 0043), which the
-- server parsed again for every sign-in. A procedure is parsed once per connection and kept in its
-- cache; the call carries only its arguments.
--
-- Keys and subjects are typed as the columns (utf8mb4_bin), so that every lookup stays on the
-- primary key. The subjects of attempt_reserve are wider than the column: a key too long fails in
-- its INSERT, inside the transaction, where the handler rolls it back, as before.

DELIMITER $$

-- Counts one attempt unless a lock is running, on a counter whose row the caller's transaction
-- holds: one conditional UPDATE, starting a new window when the last one has ended (or its lock
-- has, which implies it), and setting the lock as it reserves the last allowed attempt. Each
-- assignment reads columns that are assigned after it, except window_starts_at reading the new
-- attempts, which differs from the old only where the window it would keep has ended anyway (a
-- lock lasts at least its window, see AttemptPolicy), so MariaDB's left-to-right assignment and a
-- simultaneous one (sql_mode SIMULTANEOUS_ASSIGNMENT) give the same row. counted is false when a
-- lock refused the attempt, or no counter exists.
CREATE PROCEDURE attempt_count(IN counter_kind VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                               IN counter_subject VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                               IN max_attempts INT, IN window_start DATETIME(6), IN first_lock BIGINT,
                               IN longest_lock BIGINT, IN now_at DATETIME(6), OUT counted BOOLEAN)
BEGIN
    UPDATE attempt_counter SET
        locked_until = IF(IF(window_starts_at <= window_start OR attempts >= max_attempts, 1, attempts + 1) >= max_attempts,
                          TIMESTAMPADD(SECOND, CAST(LEAST(longest_lock, first_lock * POW(2, LEAST(lock_count, 20))) AS SIGNED), now_at),
                          NULL),
        lock_count = lock_count
            + IF(IF(window_starts_at <= window_start OR attempts >= max_attempts, 1, attempts + 1) >= max_attempts, 1, 0),
        attempts = IF(window_starts_at <= window_start OR attempts >= max_attempts, 1, attempts + 1),
        window_starts_at = IF(window_starts_at <= window_start OR attempts >= max_attempts, now_at, window_starts_at)
    WHERE kind = counter_kind AND subject = counter_subject AND (locked_until IS NULL OR locked_until <= now_at);
    SET counted = ROW_COUNT() = 1;
END$$

-- A whole reservation of one to three counters (the first counters of its arguments), all or none,
-- in a transaction of its own: it takes every row lock in key order (lock_kind/lock_subject, the
-- distinct keys sorted, the last repeated to fill three), creating the missing counters (INSERT ...
-- ON DUPLICATE KEY UPDATE locks an existing row exclusively at once, decision 0006); counts each
-- counter in turn until one refuses; reads them back; and commits, or rolls back when one refused,
-- before it answers with one row: refused (the position from 1 of the counter that refused, 0 for
-- none), then each counter's attempts and lock as they stand. An answer means the count is durable.
-- Any error rolls back and is raised again, so no transaction stays open on a pooled connection
-- (decision 0043). Never call it inside a transaction: its START TRANSACTION would commit the
-- caller's work.
CREATE PROCEDURE attempt_reserve(IN counters INT, IN now_at DATETIME(6),
                                 IN lock_kind0 VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN lock_subject0 TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN lock_kind1 VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN lock_subject1 TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN lock_kind2 VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN lock_subject2 TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN kind0 VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN subject0 TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN max0 INT, IN window_start0 DATETIME(6), IN first_lock0 BIGINT, IN longest_lock0 BIGINT,
                                 IN kind1 VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN subject1 TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN max1 INT, IN window_start1 DATETIME(6), IN first_lock1 BIGINT, IN longest_lock1 BIGINT,
                                 IN kind2 VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN subject2 TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                 IN max2 INT, IN window_start2 DATETIME(6), IN first_lock2 BIGINT, IN longest_lock2 BIGINT)
BEGIN
    DECLARE refused INT DEFAULT 0;
    DECLARE counted BOOLEAN;
    DECLARE attempts0 INT;
    DECLARE locked0 DATETIME(6);
    DECLARE attempts1 INT;
    DECLARE locked1 DATETIME(6);
    DECLARE attempts2 INT;
    DECLARE locked2 DATETIME(6);
    DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
    START TRANSACTION;
    INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count)
    VALUES (lock_kind0, lock_subject0, 0, now_at, 0), (lock_kind1, lock_subject1, 0, now_at, 0),
           (lock_kind2, lock_subject2, 0, now_at, 0)
    ON DUPLICATE KEY UPDATE attempts = attempts;
    CALL attempt_count(kind0, subject0, max0, window_start0, first_lock0, longest_lock0, now_at, counted);
    IF NOT counted THEN
        SET refused = 1;
    END IF;
    IF refused = 0 AND counters > 1 THEN
        CALL attempt_count(kind1, subject1, max1, window_start1, first_lock1, longest_lock1, now_at, counted);
        IF NOT counted THEN
            SET refused = 2;
        END IF;
    END IF;
    IF refused = 0 AND counters > 2 THEN
        CALL attempt_count(kind2, subject2, max2, window_start2, first_lock2, longest_lock2, now_at, counted);
        IF NOT counted THEN
            SET refused = 3;
        END IF;
    END IF;
    SELECT attempts, locked_until INTO attempts0, locked0 FROM attempt_counter WHERE kind = kind0 AND subject = subject0;
    IF counters > 1 THEN
        SELECT attempts, locked_until INTO attempts1, locked1 FROM attempt_counter WHERE kind = kind1 AND subject = subject1;
    END IF;
    IF counters > 2 THEN
        SELECT attempts, locked_until INTO attempts2, locked2 FROM attempt_counter WHERE kind = kind2 AND subject = subject2;
    END IF;
    -- The answer comes after the COMMIT: a caller never acts on a count that may not be durable.
    IF refused = 0 THEN
        COMMIT;
    ELSE
        ROLLBACK;
    END IF;
    SELECT refused, attempts0, locked0, attempts1, locked1, attempts2, locked2;
END$$

DELIMITER ;
