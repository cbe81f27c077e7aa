-- The document walk (`for_each_document`, batches in filing-date order) seeks with this index
-- instead of scanning and sorting the whole table for every batch.
CREATE INDEX document_walk ON document (COALESCE(filing_date, ''), accession) WHERE error IS NULL;
