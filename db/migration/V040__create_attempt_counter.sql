-- Attempts at anything worth guessing (a password at sign-in, an MFA or recovery code, a password
-- asked again before a sensitive change, ...), one row per kind and key, shared by every node.
-- AttemptLimiter reserves an attempt with one conditional UPDATE before the expensive check; a
-- lock starts when the last allowed attempt is reserved and stands if that attempt fails.
CREATE TABLE attempt_counter (
    kind             VARCHAR(32)  NOT NULL,
    subject          VARCHAR(255) NOT NULL,
    attempts         INT          NOT NULL DEFAULT 0,
    window_starts_at TIMESTAMP(6) NOT NULL,
    locked_until     TIMESTAMP(6) NULL,
    lock_count       INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, subject)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The two counters it replaces (the same algorithm written twice, deadlocking under parallel
-- requests) hand over their rows, so that a block or a lock running at the upgrade still holds.
INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, locked_until, lock_count)
SELECT 'sign-in', CONCAT(account_id, '/', ip), failures, window_starts_at, blocked_until, 0 FROM login_failure;

INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, locked_until, lock_count)
SELECT 'second-factor', CAST(account_id AS CHAR), failures, window_starts_at, locked_until, lock_count FROM mfa_code_attempt;

DROP TABLE login_failure;
DROP TABLE mfa_code_attempt;
