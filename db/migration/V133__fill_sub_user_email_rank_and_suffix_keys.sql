-- Fills what V130 and V131 added, now that V132's triggers keep it for every row written from here
-- on: idempotent, so running it again (or on tables that drifted) brings both to exactly what the
-- account table says and changes nothing on exact ones. Run with the console stopped (README).

-- The suffix rows' email and creation time, from their account.
UPDATE sub_user_local_suffix s
JOIN account a ON a.id = s.account_id
SET s.email = a.email, s.created_at = a.created_at
WHERE NOT (s.email <=> a.email AND s.created_at <=> a.created_at);

-- Every organization's first bucket in every partition ...
INSERT IGNORE INTO sub_user_email_rank (organization_id, mfa_state, lower_email, sub_users)
SELECT o.id, p.state, '', 0
FROM organization o
CROSS JOIN (SELECT '' AS state UNION ALL SELECT 'ACTIVE' UNION ALL SELECT 'OFF' UNION ALL SELECT 'PENDING') p;

-- ... and every bucket's exact count: the addresses from its boundary up to the next one.
UPDATE sub_user_email_rank r
SET r.sub_users = (
    SELECT COUNT(*) FROM account a
    WHERE a.organization_id = r.organization_id AND a.role = 'SUB_USER' AND a.email >= r.lower_email
      AND NOT EXISTS (SELECT 1 FROM sub_user_email_rank n
                      WHERE n.organization_id = r.organization_id AND n.mfa_state = r.mfa_state
                        AND n.lower_email > r.lower_email AND n.lower_email <= a.email))
WHERE r.mfa_state = '';

UPDATE sub_user_email_rank r
SET r.sub_users = (
    SELECT COUNT(*) FROM account a
    WHERE a.organization_id = r.organization_id AND a.role = 'SUB_USER' AND a.mfa_state = r.mfa_state
      AND a.email >= r.lower_email
      AND NOT EXISTS (SELECT 1 FROM sub_user_email_rank n
                      WHERE n.organization_id = r.organization_id AND n.mfa_state = r.mfa_state
                        AND n.lower_email > r.lower_email AND n.lower_email <= a.email))
WHERE r.mfa_state <> '';
