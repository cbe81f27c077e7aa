-- The comment–answer record of each thread (answers paired to comments, follow-ups, outcomes),
-- computed at ingest with the threads and replaced with them in one transaction.
ALTER TABLE thread ADD COLUMN review_json TEXT;
