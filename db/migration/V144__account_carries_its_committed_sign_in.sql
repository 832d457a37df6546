-- The sign-in as the transaction that starts its session writes it (decision 0051): a column that no
-- index holds and no branch of the account triggers reads, so that write of the account's row costs
-- no rank or suffix work inside the sign-in. last_sign_in_at (the grid's, kept by the triggers of
-- V139-V142) follows it in a statement of its own just after that commit. ADD COLUMN at the end is
-- instant in MariaDB; existing rows keep NULL (nothing to follow).

ALTER TABLE account ADD COLUMN committed_sign_in_at DATETIME(6) NULL;
