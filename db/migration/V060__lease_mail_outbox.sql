-- The outbox is sent by leases instead of row locks: a sender claims due mails with one conditional
-- UPDATE (lease_owner, lease_until) and commits before it sends, so that on Galera, where row locks
-- are local to one database node, certification lets only one node's claim of a mail commit.
-- A mail that fails max-attempts times becomes a dead letter (dead_at) and is no longer tried.
ALTER TABLE mail_outbox
    ADD COLUMN lease_owner VARCHAR(64)  NULL,
    ADD COLUMN lease_until TIMESTAMP(6) NULL DEFAULT NULL,
    ADD COLUMN dead_at     TIMESTAMP(6) NULL DEFAULT NULL;

-- Pending mail (not sent, not dead) in due order for the claim; sent or dead mail by age for the purge.
CREATE INDEX ix_mail_outbox_pending ON mail_outbox (sent_at, dead_at, next_attempt_at);
DROP INDEX ix_mail_outbox_due ON mail_outbox;
