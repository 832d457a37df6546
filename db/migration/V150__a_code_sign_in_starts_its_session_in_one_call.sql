-- A sign-in's code step, once its right code has claimed its time step, does the rest of its writes
-- in one call instead of five round trips (docs/decisions/0065-a-code-sign-in-starts-its-session-in-one-call.md):
-- the account's wrong codes are forgotten, the console session starts (refused when the account's
-- credentials moved since the password was checked), its start and the sign-in are audited, and the
-- sign-in is recorded in the account's sign-in row. Each statement is the one the console runs for a
-- sign-in without a code, in the same order, and a test compares the rows of both ways
-- (SessionStarts.startAfterCode, its only caller):
--   the counter's DELETE           AttemptCounters.delete (AttemptLimiter.succeededWithinTransaction)
--   the session's INSERT           SessionStarts.startIfStillValid: a moved version or a gone account
--                                  makes account_id NULL, refused by its NOT NULL (1048), and the
--                                  caller rolls back (decision 0046)
--   the two audit rows             AuditLog.record of SESSION_STARTED and SIGN_IN; V143's trigger
--                                  lists their addresses
--   the sign-in's row              AccountRepository.recordSignIn, the write a credential change on
--                                  another Galera node conflicts with (decisions 0044 and 0064)
-- No transaction control: the caller's transaction (which claimed the step) commits all of it, or
-- rolls all of it back on an error. Answers with one row: the session's id.

DELIMITER $$

CREATE PROCEDURE code_sign_in_start(IN p_token_hash CHAR(64), IN p_account BIGINT, IN p_credentials_version INT,
                                    IN p_now DATETIME(6),
                                    IN p_ip VARCHAR(64) CHARACTER SET utf8mb4,
                                    IN p_user_agent VARCHAR(512) CHARACTER SET utf8mb4,
                                    IN p_counter_kind VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                    IN p_counter_subject TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                                    IN p_email VARCHAR(254) CHARACTER SET utf8mb4, IN p_organization BIGINT,
                                    IN p_device VARCHAR(900) CHARACTER SET utf8mb4)
BEGIN
    DECLARE started_id BIGINT;
    DELETE FROM attempt_counter WHERE kind = p_counter_kind AND subject = p_counter_subject;
    INSERT INTO console_session (token_hash, account_id, created_at, last_active_at, ip, user_agent)
    VALUES (p_token_hash, (SELECT a.id FROM account a WHERE a.id = p_account AND a.credentials_version = p_credentials_version
                           LOCK IN SHARE MODE), p_now, p_now, p_ip, p_user_agent);
    SET started_id = LAST_INSERT_ID();
    INSERT INTO audit_event (occurred_at, event_type, actor_account_id, actor_email, organization_id, target_account_id,
                             target_email, details, ip, user_agent)
    VALUES (p_now, 'SESSION_STARTED', p_account, p_email, p_organization, p_account, p_email,
            CONCAT('Session ', started_id, ', ', p_device), p_ip, p_user_agent),
           (p_now, 'SIGN_IN', p_account, p_email, p_organization, p_account, p_email, NULL, p_ip, p_user_agent);
    INSERT INTO account_sign_in (account_id, committed_sign_in_at, credentials_version)
    VALUES (p_account, p_now, p_credentials_version)
    ON DUPLICATE KEY UPDATE committed_sign_in_at = VALUES(committed_sign_in_at);
    SELECT started_id;
END$$

DELIMITER ;
