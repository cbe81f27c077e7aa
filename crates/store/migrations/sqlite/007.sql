-- The file a readable document was last read from, as the file system describes it (issue 19):
-- path, size, modification and change times, inode and EDGAR's facts, hashed. A re-ingest finds a
-- file's stamp in this index and skips it without reading it; at EDGAR's size reading every
-- letter again took four minutes. Documents that could not be read have none (tried again).
ALTER TABLE document ADD COLUMN file_stamp TEXT;
CREATE INDEX document_file_stamp ON document (file_stamp) WHERE file_stamp IS NOT NULL;
