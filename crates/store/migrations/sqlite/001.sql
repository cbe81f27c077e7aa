-- Documents: one row per EDGAR accession (or content-hash key for a loose file). A document whose
-- extraction failed keeps its error and no text, so the next ingest retries it.
CREATE TABLE document (
    accession    TEXT PRIMARY KEY,
    cik          TEXT,
    company      TEXT,
    edgar_form   TEXT,
    filing_date  TEXT,            -- YYYY-MM-DD
    accepted     TEXT,            -- EDGAR acceptance time, UTC, YYYY-MM-DDTHH:MM:SS
    source_path  TEXT,
    source_hash  TEXT NOT NULL,   -- sha256 of the source bytes, hex
    fingerprint  TEXT NOT NULL,   -- source hash and EDGAR facts: equal means nothing to redo
    text         TEXT,            -- extracted text; NULL when extraction failed
    marks_json   TEXT,            -- emphasis marks, JSON
    format       TEXT,            -- pdf | html | text
    letter_json  TEXT,            -- parsed record, JSON (the parse contract)
    kind         TEXT,            -- the parsed kind, for queries without the JSON
    letter_date  TEXT,
    responds_to  TEXT,
    filings_json TEXT,
    error        TEXT,            -- extract error, when the document could not be read
    thread_id    TEXT
);
CREATE INDEX document_order ON document (filing_date, accession);
CREATE INDEX document_fingerprint ON document (fingerprint);
CREATE INDEX document_thread ON document (thread_id);

-- Release dates come from EDGAR's daily index through fetch, possibly before the document itself:
-- kept apart so either may arrive first and a re-ingest never loses one.
CREATE TABLE release_date (
    accession TEXT PRIMARY KEY,
    day       TEXT NOT NULL
);

-- Threads are derived from documents and rebuilt whole after each ingest.
CREATE TABLE thread (
    id          TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    cik         TEXT,
    company     TEXT,
    status      TEXT NOT NULL,
    record_json TEXT NOT NULL
);
CREATE INDEX thread_position ON thread (position);
