-- Enforcement with a grace period: users without active MFA must enrol once this moment has passed
-- (at their next sign-in when it is NULL while enforcement is on).
ALTER TABLE organization ADD COLUMN mfa_grace_ends_at TIMESTAMP(6) NULL;
