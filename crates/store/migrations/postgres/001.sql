-- The PostgreSQL schema: the same tables as SQLite's (001-003 there), with a change sequence.
-- Dates stay ISO text in the "C" collation so that both backends order letters the same way;
-- the extracted text is bytea because PostgreSQL's text refuses NUL bytes.
CREATE TABLE document (
    accession    text COLLATE "C" PRIMARY KEY,
    cik          text,
    company      text,
    edgar_form   text,
    filing_date  text COLLATE "C",   -- YYYY-MM-DD
    accepted     text,               -- UTC, YYYY-MM-DDTHH:MM:SS
    source_path  text,
    source_hash  text NOT NULL,
    fingerprint  text NOT NULL,
    text         bytea,              -- UTF-8; NULL when extraction failed
    marks_json   text,
    format       text,
    letter_json  text,
    kind         text,
    letter_date  text,
    responds_to  text,
    filings_json text,
    error        text,
    thread_id    text,
    seq          bigint NOT NULL DEFAULT 0   -- the change counter's value when last written
);
CREATE INDEX document_order ON document ((COALESCE(filing_date, '')), accession);
CREATE INDEX document_seq ON document (seq);
CREATE INDEX document_thread ON document (thread_id);
CREATE INDEX document_source ON document (source_path);

CREATE TABLE release_date (
    accession text COLLATE "C" PRIMARY KEY,
    day       text NOT NULL,
    seq       bigint NOT NULL DEFAULT 0
);

CREATE TABLE thread (
    id          text COLLATE "C" PRIMARY KEY,
    position    integer NOT NULL,
    cik         text,
    company     text,
    status      text NOT NULL,
    record_json text NOT NULL,
    review_json text
);
CREATE INDEX thread_position ON thread (position);

-- generation: the change counter, bumped last in every write transaction (its row lock orders
-- commits, so `seq` columns follow commit order); threads_for: the generation whose documents the
-- stored threads were built from.
CREATE TABLE meta (
    key   text PRIMARY KEY,
    value bigint NOT NULL
);
INSERT INTO meta (key, value) VALUES ('generation', 0), ('threads_for', 0);

-- The work table of `corresp ingest --worker`: one row per file (its path under the folder given),
-- claimed with FOR UPDATE SKIP LOCKED under a lease; a file done with the same size and mtime is
-- not done again.
CREATE TABLE work (
    key         text COLLATE "C" PRIMARY KEY,
    size        bigint NOT NULL,
    mtime       bigint NOT NULL,
    state       text NOT NULL DEFAULT 'pending',   -- pending | done
    owner       text,
    lease_until timestamptz,
    attempts    integer NOT NULL DEFAULT 0,
    accession   text,
    error       text,
    finished_at timestamptz
);
CREATE INDEX work_pending ON work (state, key);
