-- Threads rebuilt company by company (issue 20): ingest workers on many machines each rebuild the
-- companies whose documents they stored, replacing only those companies' rows.
-- Threads are listed in the grouping's order (first letter's day, then id) instead of by a position
-- that only a whole rebuild could number.
ALTER TABLE thread ADD COLUMN first_day text COLLATE "C" NOT NULL DEFAULT '';
UPDATE thread SET first_day = COALESCE(record_json::json->'letters'->0->>'filing_date',
                                       record_json::json->'letters'->0->>'date', '');
CREATE INDEX thread_order ON thread (first_day, id);
CREATE INDEX thread_company ON thread ((COALESCE(cik, '')));
CREATE INDEX document_company ON document ((COALESCE(cik, '')));

-- Per company ('' for documents without a CIK): built_for, the change counter whose documents its
-- stored threads were built from; moved, the counter when a document left the company (its CIK
-- changed, or a loose file was replaced), which makes it stale although none of its documents is
-- newer. A company is stale when a document, a release date or a move is newer than built_for.
CREATE TABLE company_threads (
    cik       text COLLATE "C" PRIMARY KEY,
    built_for bigint NOT NULL DEFAULT 0,
    moved     bigint NOT NULL DEFAULT 0
);
-- Threads built whole before: every company was built for the store-wide mark.
INSERT INTO company_threads (cik, built_for)
SELECT DISTINCT COALESCE(cik, ''), (SELECT value FROM meta WHERE key = 'threads_for') FROM document;

-- The company the walk saw a file under (EDGAR's layout), so a worker knows when none of a
-- company's files is left.
ALTER TABLE work ADD COLUMN cik text;
CREATE INDEX work_company ON work (cik) WHERE state <> 'done';
