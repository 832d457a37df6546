-- A sign-in's committed time leaves the account's row for a row of its own (decision 0064). Every
-- UPDATE of account opens and locks the tables its triggers can reach (V142: the tally, the email
-- rank, the suffixes, the sign-in rank), whatever the row then changes; the sign-in's one-column
-- write paid that inside the code step. account_sign_in has no triggers.
--
-- On Galera the row is also what a sign-in and a credential change on another node both write, so
-- that certification refuses one of the two (decision 0044; the session's foreign key alone does not
-- conflict there). A sign-in upserts committed_sign_in_at; a credential change upserts
-- credentials_version in the same transaction (AccountRepository.recordCredentialsChanges): a real
-- change of the row, as a write that changes nothing puts no key in the write set.

CREATE TABLE account_sign_in (
    account_id           BIGINT      NOT NULL PRIMARY KEY,
    committed_sign_in_at DATETIME(6) NULL,
    credentials_version  INT         NOT NULL,
    CONSTRAINT fk_account_sign_in_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB;

INSERT INTO account_sign_in (account_id, committed_sign_in_at, credentials_version)
SELECT id, committed_sign_in_at, credentials_version FROM account WHERE committed_sign_in_at IS NOT NULL;

ALTER TABLE account DROP COLUMN committed_sign_in_at;
