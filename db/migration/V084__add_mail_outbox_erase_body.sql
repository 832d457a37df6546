-- A mail that carries a one-time code (support's identity verification) keeps its body only until it
-- is delivered; then the body is replaced, so the code is never left readable in the database.
ALTER TABLE mail_outbox ADD COLUMN erase_body_when_sent BOOLEAN NOT NULL DEFAULT FALSE;
