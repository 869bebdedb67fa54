-- refresh_study (V4) again, as PL/pgSQL. PostgreSQL 17 parses and plans the body of a LANGUAGE sql
-- function anew each time a PERFORM calls it, so every stored instance paid a parse and a plan of
-- this UPDATE and its two subqueries (the parser, planner and catalog lookups were about a tenth of
-- the database's CPU per small instance; bench/RESULTS.md, session 6). PL/pgSQL keeps the plan of
-- each statement for the session. Same signature, same effect.
CREATE OR REPLACE FUNCTION refresh_study(p_study bigint, p_delta integer, p_gaining bigint) RETURNS integer
LANGUAGE plpgsql AS $refresh$
DECLARE
    v_instances integer;
BEGIN
    UPDATE study SET num_instances = num_instances + p_delta,
        num_series = (SELECT count(*) FROM series x WHERE x.study_fk = p_study AND (x.num_instances > 0 OR x.pk = p_gaining)),
        modalities = coalesce((SELECT array_agg(DISTINCT x.modality ORDER BY x.modality) FROM series x
            WHERE x.study_fk = p_study AND (x.num_instances > 0 OR x.pk = p_gaining) AND x.modality IS NOT NULL), '{}'),
        updated_at = now()
    WHERE pk = p_study RETURNING num_instances INTO v_instances;
    RETURN v_instances;
END
$refresh$;
