-- A bulk MFA change (MfaAdministration.resetAll, 500 users a transaction) counts its users' moves in
-- sub_user_tally and sub_user_email_rank itself, a few statements per batch, instead of the account
-- trigger doing it one row at a time (docs/decisions/0034-a-bulk-mfa-change-counts-its-own-moves.md).
-- The trigger is told so by the row change itself: the bulk UPDATE adds one to this column, which
-- nothing else writes. The signal lives in that one row change: no session variable or marker row
-- that could outlive the statement, the transaction or the pooled connection. Instant on 10.11.
ALTER TABLE account ADD COLUMN mfa_batch_changes INT NOT NULL DEFAULT 0;
