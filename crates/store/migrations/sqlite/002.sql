-- The store's change counter: bumped inside every write transaction (documents, release dates,
-- threads), so a process that did not make a write (a running server beside a CLI ingest) notices
-- it with one cheap read. `PRAGMA data_version` is per connection and blind to its own writes.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('generation', 0);
