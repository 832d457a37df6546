-- "Must change at first sign-in": set when the root user chooses a new user's password, cleared
-- when the user sets their own. An invited user has console access but no password yet
-- (console_access TRUE, password_hash NULL): no column needed for that.
ALTER TABLE account ADD COLUMN password_change_required BOOLEAN NOT NULL DEFAULT FALSE;
