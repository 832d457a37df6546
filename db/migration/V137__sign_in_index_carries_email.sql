-- "Email contains T" sorted by last sign-in, with T in a tenth of the local parts, joined every
-- candidate suffix with account and sorted them all, for every page (45-51 ms, BENCHMARKS.md). With
-- the email in the order's index, a page scans the index in order with the LIKE on its entries and
-- stops after the page; deep pages seek from keyset anchors (decision 0035). It replaces V020's
-- index of the same order rather than joining it: a sign-in changes last_sign_in_at, and each
-- index that holds it is one more entry to move per sign-in.
ALTER TABLE account
    DROP INDEX ix_account_org_role_sign_in,
    ADD INDEX ix_account_org_role_sign_in_email (organization_id, role, last_sign_in_at, id, email);
