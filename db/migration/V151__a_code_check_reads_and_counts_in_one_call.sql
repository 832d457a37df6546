-- A code check's first round trip: the account's credentials version and MFA credential (what
-- MfaCredentialRepository.findForCodeCheck reads) and the code's count (V147's
-- attempt_count_locked) in one call (docs/decisions/0065-a-code-sign-in-starts-its-session-in-one-call.md).
--
-- attempt_count_locked's two statements move into attempt_count_locked_into, which answers through an
-- OUT parameter so that another procedure can call it; attempt_count_locked calls it and answers as
-- before, so the counting exists once.
--
-- code_check_begin (called by CodeChecks only) reads first, from the snapshot taken before the
-- counter's lock as before. A sign-in still owing its code passes the credentials version its
-- password was checked with: when the account's moved, or the account is gone, nothing is counted
-- (counted is NULL) and the caller refuses the void sign-in. A complete sign-in passes NULL and is
-- always counted. No transaction control: the caller's transaction holds the counter's lock until
-- it ends. Answers with one row: the read (found false when the account is gone) and counted.

DELIMITER $$

CREATE PROCEDURE attempt_count_locked_into(IN counter_kind VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                           IN counter_subject TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                           IN max_attempts INT, IN window_start DATETIME(6), IN first_lock BIGINT,
                                           IN longest_lock BIGINT, IN now_at DATETIME(6), OUT counted BOOLEAN)
BEGIN
    INSERT INTO attempt_counter (kind, subject, attempts, window_starts_at, lock_count)
    VALUES (counter_kind, counter_subject, 0, now_at, 0)
    ON DUPLICATE KEY UPDATE attempts = attempts;
    CALL attempt_count(counter_kind, counter_subject, max_attempts, window_start, first_lock, longest_lock, now_at, counted);
END$$

CREATE OR REPLACE PROCEDURE attempt_count_locked(IN counter_kind VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                                 IN counter_subject TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                                 IN max_attempts INT, IN window_start DATETIME(6), IN first_lock BIGINT,
                                                 IN longest_lock BIGINT, IN now_at DATETIME(6))
BEGIN
    DECLARE counted BOOLEAN;
    CALL attempt_count_locked_into(counter_kind, counter_subject, max_attempts, window_start, first_lock, longest_lock,
                                   now_at, counted);
    SELECT counted;
END$$

CREATE PROCEDURE code_check_begin(IN p_account BIGINT, IN p_pending_version INT,
                                  IN counter_kind VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                  IN counter_subject TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                  IN max_attempts INT, IN window_start DATETIME(6), IN first_lock BIGINT,
                                  IN longest_lock BIGINT, IN now_at DATETIME(6))
BEGIN
    DECLARE found BOOLEAN DEFAULT FALSE;
    DECLARE v_version INT;
    DECLARE v_secret VARCHAR(1000) CHARACTER SET utf8mb4;
    DECLARE v_active BOOLEAN;
    DECLARE v_step BIGINT;
    DECLARE counted BOOLEAN DEFAULT NULL;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET found = FALSE;
    SELECT TRUE, a.credentials_version, c.encrypted_secret, c.activated_at IS NOT NULL, c.last_used_step
    INTO found, v_version, v_secret, v_active, v_step
    FROM account a LEFT JOIN mfa_credential c ON c.account_id = a.id WHERE a.id = p_account;
    IF p_pending_version IS NULL OR (found AND v_version = p_pending_version) THEN
        CALL attempt_count_locked_into(counter_kind, counter_subject, max_attempts, window_start, first_lock, longest_lock,
                                       now_at, counted);
    END IF;
    SELECT found, v_version AS credentials_version, v_secret AS encrypted_secret, v_active AS active,
           v_step AS last_used_step, counted;
END$$

DELIMITER ;
