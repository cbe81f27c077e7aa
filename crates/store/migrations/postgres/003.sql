-- The file a readable document was last read from, as the file system describes it (issue 19):
-- path, size, modification and change times, inode and EDGAR's facts, hashed. A re-ingest finds a
-- file's stamp in this index and skips it without reading it. Paths are a machine's own: another
-- machine's worker never matches them and reads the file.
ALTER TABLE document ADD COLUMN file_stamp text COLLATE "C";
CREATE INDEX document_file_stamp ON document (file_stamp) WHERE file_stamp IS NOT NULL;
