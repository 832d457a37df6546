-- Session lifetime per organization, set by the root user in Organization-wide Policies: sessions end
-- after this many minutes without activity (15 minutes to 90 days; default 30 days), and, when
-- session_max_days is set, that many days after sign-in whatever the activity.
ALTER TABLE organization ADD COLUMN session_idle_minutes INT NOT NULL DEFAULT 43200;
ALTER TABLE organization ADD COLUMN session_max_days INT NULL;
