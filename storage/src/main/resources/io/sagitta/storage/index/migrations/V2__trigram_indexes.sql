-- Trigram indexes for fuzzy person-name matching (LIKE '% WORD%') and infix wildcards. pg_trgm
-- ships with PostgreSQL's contrib (the embedded binaries include it) and is a trusted extension,
-- but an external server may lack it or refuse it: then these indexes are simply not made and
-- such queries scan.
DO $migration$
DECLARE
    trgm_schema text;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm unavailable (%): fuzzy name matching will not be indexed', SQLERRM;
    END;
    SELECT n.nspname INTO trgm_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX patient_name_fuzzy_trgm ON patient USING gin (name_fuzzy %I.gin_trgm_ops)', trgm_schema);
        EXECUTE format('CREATE INDEX patient_name_upper_trgm ON patient USING gin (name_upper %I.gin_trgm_ops)', trgm_schema);
        EXECUTE format('CREATE INDEX study_referring_fuzzy_trgm ON study USING gin (referring_name_fuzzy %I.gin_trgm_ops)', trgm_schema);
    END IF;
END
$migration$;
