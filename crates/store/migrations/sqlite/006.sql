-- Threads rebuilt company by company (issue 19): the rebuild reads one company's documents and
-- threads at a time and replaces that company's rows in its own transaction, so its memory does
-- not grow with the store.
-- Threads are listed in the grouping's order (first letter's filing day, else its date; then id),
-- as on PostgreSQL, instead of by a position only a whole rebuild could number.
ALTER TABLE thread ADD COLUMN first_day TEXT NOT NULL DEFAULT '';
UPDATE thread SET first_day = COALESCE(json_extract(record_json, '$.letters[0].filing_date'),
                                       json_extract(record_json, '$.letters[0].date'), '');
CREATE INDEX thread_order ON thread (first_day, id);
CREATE INDEX thread_company ON thread (COALESCE(cik, ''));
-- One company's documents' facts, in the walk's order, from the index alone (the columns sit after
-- the text in the row). It replaces the whole-store summary index: the rebuild no longer reads
-- every document's facts at once.
DROP INDEX document_summary;
CREATE INDEX document_company ON document (
    COALESCE(cik, ''), COALESCE(filing_date, ''), accession, cik, company, edgar_form, filing_date,
    accepted, kind, letter_date, filings_json, responds_to
);
-- The change counter of the last write to documents or release dates: threads built from a state
-- at least as new are current, whichever thread writes came after (a rebuild writes one
-- transaction per company).
INSERT INTO meta (key, value) SELECT 'documents_written', value FROM meta WHERE key = 'generation';
