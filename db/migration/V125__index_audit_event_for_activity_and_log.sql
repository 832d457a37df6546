-- Issue 10, point 9: a user's own security activity and the root's audit log, each page one range
-- of an index read newest first (InnoDB appends the primary key, so ORDER BY occurred_at DESC, id DESC
-- is the index order read backwards).
-- - Own activity: V003's (target_account_id, occurred_at).
-- - The organization's log, no filter or a date range: V003's (organization_id, occurred_at).
-- - Filtered by event type: (organization_id, event_type, occurred_at).
-- - Filtered by user: the user's rows as actor or as target, each a range of its own index; the same
--   indexes list the organization's distinct addresses without reading its rows, and count the
--   matches without reading a row: they hold every column a count filters on (decision 0024).
CREATE INDEX ix_audit_event_organization_type_time ON audit_event (organization_id, event_type, occurred_at);
CREATE INDEX ix_audit_event_organization_target_time ON audit_event (organization_id, target_email, occurred_at, event_type);
CREATE INDEX ix_audit_event_organization_actor_time ON audit_event (organization_id, actor_email, occurred_at, target_email, event_type);

-- No statement reads by actor id alone: the index only cost every insert (bulk resets insert thousands).
DROP INDEX ix_audit_event_actor_time ON audit_event;
