-- Set by the root user in Organization-wide Policies; while on, nobody can turn MFA off.
ALTER TABLE organization ADD COLUMN mfa_enforced BOOLEAN NOT NULL DEFAULT FALSE;
