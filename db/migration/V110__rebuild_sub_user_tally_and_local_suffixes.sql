-- V050 filled sub_user_tally and sub_user_local_suffix before it created the triggers that keep them
-- in step: a sub-user written in between is missing from them for ever. Now that the triggers exist,
-- both are brought to exactly what the account table says. Idempotent: running it on exact tables
-- changes nothing, so it is safe however V050's window went. Row-by-row repairs, not a wipe, so
-- that on Galera the write set holds only the drift. Run with the console stopped (README).

-- Every (organization, domain, MFA state, console login) that has sub-users: the right count.
INSERT INTO sub_user_tally (organization_id, email_domain, mfa_state, console_login, sub_users)
SELECT organization_id, SUBSTRING_INDEX(email, '@', -1), mfa_state,
       console_access AND password_hash IS NOT NULL, COUNT(*)
FROM account
WHERE role = 'SUB_USER'
GROUP BY organization_id, SUBSTRING_INDEX(email, '@', -1), mfa_state, console_access AND password_hash IS NOT NULL
ON DUPLICATE KEY UPDATE sub_users = VALUES(sub_users);

-- Tally rows with no sub-user behind them count none (the triggers also leave such rows at zero).
UPDATE sub_user_tally t
SET t.sub_users = 0
WHERE t.sub_users <> 0
  AND NOT EXISTS (SELECT 1 FROM account a
                  WHERE a.role = 'SUB_USER' AND a.organization_id = t.organization_id
                    AND SUBSTRING_INDEX(a.email, '@', -1) = t.email_domain AND a.mfa_state = t.mfa_state
                    AND (a.console_access AND a.password_hash IS NOT NULL) = t.console_login);

-- Every suffix of every sub-user's local part ...
INSERT IGNORE INTO sub_user_local_suffix (organization_id, suffix, account_id)
SELECT a.organization_id, SUBSTRING(SUBSTRING_INDEX(a.email, '@', 1), n.seq), a.id
FROM account a
JOIN seq_1_to_254 n ON n.seq <= CHAR_LENGTH(SUBSTRING_INDEX(a.email, '@', 1))
WHERE a.role = 'SUB_USER';

-- ... and nothing else: no suffix of a deleted account, of another organization, or of an old email.
DELETE s FROM sub_user_local_suffix s
LEFT JOIN account a ON a.id = s.account_id AND a.role = 'SUB_USER' AND a.organization_id = s.organization_id
WHERE a.id IS NULL
   OR CHAR_LENGTH(s.suffix) = 0
   OR CHAR_LENGTH(s.suffix) > CHAR_LENGTH(SUBSTRING_INDEX(a.email, '@', 1))
   OR s.suffix <> RIGHT(SUBSTRING_INDEX(a.email, '@', 1), CHAR_LENGTH(s.suffix));
