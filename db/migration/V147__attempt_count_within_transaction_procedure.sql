-- A code check's count inside its caller's transaction (AttemptCounters.lockOrCreateAndCount,
-- decision 0046) as a stored procedure, as V145 made the sign-in's reservation one
-- (docs/decisions/0056-a-code-checks-count-is-a-stored-procedure.md): the compound statement it
-- replaces was parsed and compiled by the server at every code step; a procedure is once per
-- connection. The same two statements in the same order: the row lock (creating the counter) by
-- INSERT ... ON DUPLICATE KEY UPDATE, which locks an existing row exclusively at once (decision
-- 0006), then V145's attempt_count. No transaction control: the caller's transaction holds the row
-- lock until it ends, and an error reaches the caller, who rolls back. Answers with one row:
-- counted (false when a lock refused the attempt).

DELIMITER $$

CREATE PROCEDURE attempt_count_locked(IN counter_kind VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                      IN counter_subject TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                      IN max_attempts INT, IN window_start DATETIME(6), IN first_lock BIGINT,
                                      IN longest_lock BIGINT, IN now_at DATETIME(6))
BEGIN
    DECLARE counted BOOLEAN;
    INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count)
    VALUES (counter_kind, counter_subject, 0, now_at, 0)
    ON DUPLICATE KEY UPDATE attempts = attempts;
    CALL attempt_count(counter_kind, counter_subject, max_attempts, window_start, first_lock, longest_lock, now_at, counted);
    SELECT counted;
END$$

DELIMITER ;
