-- The instance's metadata (DICOM JSON, about 3 to 10 kB) kept in the row itself and uncompressed, instead
-- of compressed out of line. PostgreSQL compressed every document with pglz once it was over 2 kB: that
-- was a sixth of the database's CPU per stored small instance, and the out-of-line copy cost a second
-- table's insert and index entry (bench/RESULTS.md, session 12). Now a row stays whole up to 8,160 bytes
-- (toast_tuple_target's maximum, a page less its header), and a larger document goes out of line
-- uncompressed (STORAGE EXTERNAL). The price is disk: about 8 kB per instance instead of 3.5 kB, small
-- beside the instance's own bytes. Rows written before keep their compressed form; both read the same.
ALTER TABLE instance ALTER COLUMN metadata SET STORAGE EXTERNAL;
ALTER TABLE instance SET (toast_tuple_target = 8160);
