-- The grid's count of live sessions per page (LiveSessionCounts) reads only this index: whose
-- sessions are open, last active and signed in when, without a row (decision 0057). It takes the
-- place of (account_id, ended_at), whose columns it starts with, for every other read by account and
-- for the foreign key. Recording activity (at most once a minute a session) now rewrites its entry.
ALTER TABLE console_session
    DROP INDEX ix_console_session_account,
    ADD INDEX ix_console_session_account (account_id, ended_at, last_active_at, created_at);
