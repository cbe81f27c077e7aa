-- Covering indexes for the two whole-store reads every ingest makes: the fingerprints of stored
-- documents (is this file already in?) and the documents' facts for the thread rebuild. Their
-- columns sit after the text and the parsed record in the row, so reading them from the table
-- walked every document's overflow pages: the whole database, 312 MB at 20,000 letters, on each
-- re-ingest. The indexes hold only the small columns.
CREATE INDEX document_fingerprints ON document (accession, fingerprint, error) WHERE error IS NULL;
CREATE INDEX document_summary ON document (
    COALESCE(filing_date, ''), accession, cik, company, edgar_form, filing_date, accepted, kind,
    letter_date, filings_json, responds_to
);
