-- Counts changes of an account's credentials (password changed, MFA reset or turned off): a sign-in
-- that still owes its second factor remembers the count it began with and is void once it moved.
ALTER TABLE account ADD COLUMN credentials_version INT NOT NULL DEFAULT 0;

-- The browser that started an enrolment (SHA-256 of a random value kept in its servlet session):
-- only it may resume or finish the set-up while it runs, so a second sign-in cannot replace it.
ALTER TABLE mfa_credential ADD COLUMN enrolment_holder CHAR(64) NULL;
