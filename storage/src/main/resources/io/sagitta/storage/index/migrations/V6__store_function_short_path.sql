-- store_instances (V4) with fewer statements per stored instance; same signature, same outcomes.
-- PostgreSQL's CPU per small instance was mostly executor start-up and teardown of the function's
-- eight statements (bench/RESULTS.md, session 12). Two changes:
-- * Patient, study and series are looked up in one join when all three are indexed already and would
--   not change (every instance of a series but its first); anything else takes V4's long way.
-- * The study's counts: an increment of its instance count, and the recount of its series and
--   ModalitiesInStudy (refresh_study) only when the instance's series was empty until now, which the
--   series' own increment tells under the study's row lock (so a concurrent delete that emptied the
--   series is seen). V4 recounted for every instance.

CREATE OR REPLACE FUNCTION store_instances(
    p_patient_id text[], p_issuer text[], p_name text[], p_name_upper text[], p_name_fuzzy text[],
    p_birth_date text[], p_sex text[],
    p_study_uid text[], p_study_date text[], p_study_time text[], p_accession text[], p_study_id text[],
    p_study_description text[], p_referring text[], p_referring_upper text[], p_referring_fuzzy text[],
    p_series_uid text[], p_modality text[], p_series_number integer[], p_series_description text[],
    p_body_part text[], p_pps_date text[], p_pps_time text[],
    p_sop_uid text[], p_sop_class text[], p_instance_number integer[], p_rows integer[], p_columns integer[],
    p_bits integer[], p_frames integer[], p_transfer_syntax text[], p_blob_key text[], p_size bigint[],
    p_checksum text[], p_metadata text[])
RETURNS TABLE (r_outcome text, r_blob_key text, r_old_study_uid text, r_old_series_uid text, r_error text)
LANGUAGE plpgsql AS $store$
DECLARE
    v_patient bigint;
    v_study bigint;
    v_study_locked boolean;
    v_series bigint;
    v_series_study bigint;
    v_instance bigint;
    v_checksum text;
    v_old record;
    v_series_instances integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_sop_uid, 1), 0) LOOP
        r_outcome := NULL; r_blob_key := NULL; r_old_study_uid := NULL; r_old_series_uid := NULL; r_error := NULL;

        -- A re-send of the same bytes changes nothing, not even the patient or study attributes.
        SELECT x.checksum, x.blob_key INTO v_checksum, r_blob_key FROM instance x WHERE x.sop_instance_uid = p_sop_uid[i];
        IF FOUND AND v_checksum = p_checksum[i] THEN
            r_outcome := 'DUPLICATE';
            RETURN NEXT;
            CONTINUE;
        END IF;
        r_blob_key := NULL;

        v_study_locked := false;
        -- The usual store: its series is indexed already, in this study, under this patient, and none
        -- of the three would change. One lookup finds all three; anything else takes the long way below.
        -- Its conditions are those of the long way's three lookups, joined: they change together.
        SELECT p.pk, st.pk, se.pk INTO v_patient, v_study, v_series
        FROM series se JOIN study st ON st.pk = se.study_fk JOIN patient p ON p.pk = st.patient_fk
        WHERE se.series_uid = p_series_uid[i] AND st.study_uid = p_study_uid[i]
          AND p.patient_id = p_patient_id[i] AND p.issuer = p_issuer[i]
          AND p.name IS NOT DISTINCT FROM coalesce(p_name[i], p.name)
          AND p.name_upper IS NOT DISTINCT FROM coalesce(p_name_upper[i], p.name_upper)
          AND p.name_fuzzy IS NOT DISTINCT FROM coalesce(p_name_fuzzy[i], p.name_fuzzy)
          AND p.birth_date IS NOT DISTINCT FROM coalesce(p_birth_date[i]::date, p.birth_date)
          AND p.sex IS NOT DISTINCT FROM coalesce(p_sex[i], p.sex)
          AND st.study_date IS NOT DISTINCT FROM coalesce(p_study_date[i]::date, st.study_date)
          AND st.study_time IS NOT DISTINCT FROM coalesce(p_study_time[i]::time, st.study_time)
          AND st.accession_number IS NOT DISTINCT FROM coalesce(p_accession[i], st.accession_number)
          AND st.study_id IS NOT DISTINCT FROM coalesce(p_study_id[i], st.study_id)
          AND st.description IS NOT DISTINCT FROM coalesce(p_study_description[i], st.description)
          AND st.referring_name IS NOT DISTINCT FROM coalesce(p_referring[i], st.referring_name)
          AND st.referring_name_upper IS NOT DISTINCT FROM coalesce(p_referring_upper[i], st.referring_name_upper)
          AND st.referring_name_fuzzy IS NOT DISTINCT FROM coalesce(p_referring_fuzzy[i], st.referring_name_fuzzy)
          AND se.modality IS NOT DISTINCT FROM coalesce(p_modality[i], se.modality)
          AND se.series_number IS NOT DISTINCT FROM coalesce(p_series_number[i], se.series_number)
          AND se.description IS NOT DISTINCT FROM coalesce(p_series_description[i], se.description)
          AND se.body_part IS NOT DISTINCT FROM coalesce(p_body_part[i], se.body_part)
          AND se.pps_start_date IS NOT DISTINCT FROM coalesce(p_pps_date[i]::date, se.pps_start_date)
          AND se.pps_start_time IS NOT DISTINCT FROM coalesce(p_pps_time[i]::time, se.pps_start_time);
        IF NOT FOUND THEN
            -- A series belongs to one study: refuse before writing anything. (A series created in
            -- another study after this check fails the series upsert below instead.)
            IF EXISTS (SELECT 1 FROM series se JOIN study st ON st.pk = se.study_fk
                       WHERE se.series_uid = p_series_uid[i] AND st.study_uid <> p_study_uid[i]) THEN
                r_outcome := 'REFUSED';
                r_error := format('series %s is already indexed in another study than %s', p_series_uid[i], p_study_uid[i]);
                RETURN NEXT;
                CONTINUE;
            END IF;

            -- Patient, study and series: the usual store finds them as they are and takes no lock;
            -- only a row that is new or would change is upserted.
            SELECT p.pk INTO v_patient FROM patient p
            WHERE p.patient_id = p_patient_id[i] AND p.issuer = p_issuer[i]
              AND p.name IS NOT DISTINCT FROM coalesce(p_name[i], p.name)
              AND p.name_upper IS NOT DISTINCT FROM coalesce(p_name_upper[i], p.name_upper)
              AND p.name_fuzzy IS NOT DISTINCT FROM coalesce(p_name_fuzzy[i], p.name_fuzzy)
              AND p.birth_date IS NOT DISTINCT FROM coalesce(p_birth_date[i]::date, p.birth_date)
              AND p.sex IS NOT DISTINCT FROM coalesce(p_sex[i], p.sex);
            IF NOT FOUND THEN
                INSERT INTO patient AS t (patient_id, issuer, name, name_upper, name_fuzzy, birth_date, sex)
                VALUES (p_patient_id[i], p_issuer[i], p_name[i], p_name_upper[i], p_name_fuzzy[i], p_birth_date[i]::date, p_sex[i])
                ON CONFLICT (patient_id, issuer) DO UPDATE SET name = coalesce(EXCLUDED.name, t.name),
                    name_upper = coalesce(EXCLUDED.name_upper, t.name_upper),
                    name_fuzzy = coalesce(EXCLUDED.name_fuzzy, t.name_fuzzy),
                    birth_date = coalesce(EXCLUDED.birth_date, t.birth_date), sex = coalesce(EXCLUDED.sex, t.sex),
                    updated_at = now()
                RETURNING t.pk INTO v_patient;
            END IF;

            SELECT st.pk INTO v_study FROM study st
            WHERE st.study_uid = p_study_uid[i] AND st.patient_fk = v_patient
              AND st.study_date IS NOT DISTINCT FROM coalesce(p_study_date[i]::date, st.study_date)
              AND st.study_time IS NOT DISTINCT FROM coalesce(p_study_time[i]::time, st.study_time)
              AND st.accession_number IS NOT DISTINCT FROM coalesce(p_accession[i], st.accession_number)
              AND st.study_id IS NOT DISTINCT FROM coalesce(p_study_id[i], st.study_id)
              AND st.description IS NOT DISTINCT FROM coalesce(p_study_description[i], st.description)
              AND st.referring_name IS NOT DISTINCT FROM coalesce(p_referring[i], st.referring_name)
              AND st.referring_name_upper IS NOT DISTINCT FROM coalesce(p_referring_upper[i], st.referring_name_upper)
              AND st.referring_name_fuzzy IS NOT DISTINCT FROM coalesce(p_referring_fuzzy[i], st.referring_name_fuzzy);
            IF NOT FOUND THEN
                INSERT INTO study AS t (patient_fk, study_uid, study_date, study_time, accession_number, study_id,
                    description, referring_name, referring_name_upper, referring_name_fuzzy)
                VALUES (v_patient, p_study_uid[i], p_study_date[i]::date, p_study_time[i]::time, p_accession[i], p_study_id[i],
                    p_study_description[i], p_referring[i], p_referring_upper[i], p_referring_fuzzy[i])
                ON CONFLICT (study_uid) DO UPDATE SET patient_fk = EXCLUDED.patient_fk,
                    study_date = coalesce(EXCLUDED.study_date, t.study_date),
                    study_time = coalesce(EXCLUDED.study_time, t.study_time),
                    accession_number = coalesce(EXCLUDED.accession_number, t.accession_number),
                    study_id = coalesce(EXCLUDED.study_id, t.study_id),
                    description = coalesce(EXCLUDED.description, t.description),
                    referring_name = coalesce(EXCLUDED.referring_name, t.referring_name),
                    referring_name_upper = coalesce(EXCLUDED.referring_name_upper, t.referring_name_upper),
                    referring_name_fuzzy = coalesce(EXCLUDED.referring_name_fuzzy, t.referring_name_fuzzy),
                    updated_at = now()
                RETURNING t.pk INTO v_study;
                v_study_locked := true;
            END IF;

            SELECT se.pk INTO v_series FROM series se
            WHERE se.series_uid = p_series_uid[i] AND se.study_fk = v_study
              AND se.modality IS NOT DISTINCT FROM coalesce(p_modality[i], se.modality)
              AND se.series_number IS NOT DISTINCT FROM coalesce(p_series_number[i], se.series_number)
              AND se.description IS NOT DISTINCT FROM coalesce(p_series_description[i], se.description)
              AND se.body_part IS NOT DISTINCT FROM coalesce(p_body_part[i], se.body_part)
              AND se.pps_start_date IS NOT DISTINCT FROM coalesce(p_pps_date[i]::date, se.pps_start_date)
              AND se.pps_start_time IS NOT DISTINCT FROM coalesce(p_pps_time[i]::time, se.pps_start_time);
            IF NOT FOUND THEN
                IF NOT v_study_locked THEN
                    PERFORM 1 FROM study WHERE pk = v_study FOR UPDATE;
                    v_study_locked := true;
                END IF;
                INSERT INTO series AS t (study_fk, series_uid, modality, series_number, description, body_part,
                    pps_start_date, pps_start_time)
                VALUES (v_study, p_series_uid[i], p_modality[i], p_series_number[i], p_series_description[i], p_body_part[i],
                    p_pps_date[i]::date, p_pps_time[i]::time)
                ON CONFLICT (series_uid) DO UPDATE SET modality = coalesce(EXCLUDED.modality, t.modality),
                    series_number = coalesce(EXCLUDED.series_number, t.series_number),
                    description = coalesce(EXCLUDED.description, t.description),
                    body_part = coalesce(EXCLUDED.body_part, t.body_part),
                    pps_start_date = coalesce(EXCLUDED.pps_start_date, t.pps_start_date),
                    pps_start_time = coalesce(EXCLUDED.pps_start_time, t.pps_start_time),
                    updated_at = now()
                RETURNING t.pk, t.study_fk INTO v_series, v_series_study;
                IF v_series_study <> v_study THEN
                    RAISE EXCEPTION USING ERRCODE = 'SG001',
                        MESSAGE = format('series %s is already indexed in another study than %s', p_series_uid[i], p_study_uid[i]);
                END IF;
            END IF;
        END IF;

        INSERT INTO instance (series_fk, sop_instance_uid, sop_class_uid, instance_number, pixel_rows, pixel_columns,
            bits_allocated, number_of_frames, transfer_syntax, blob_key, size, checksum, metadata)
        VALUES (v_series, p_sop_uid[i], p_sop_class[i], p_instance_number[i], p_rows[i], p_columns[i], p_bits[i],
            p_frames[i], p_transfer_syntax[i], p_blob_key[i], p_size[i], p_checksum[i], p_metadata[i])
        ON CONFLICT (sop_instance_uid) DO NOTHING
        RETURNING pk INTO v_instance;
        IF FOUND THEN
            -- The study's lock first, then the series'. Only a series that was empty until now (new, or
            -- emptied) changes the study's series count and modalities: recounted then, under the lock.
            UPDATE study SET num_instances = num_instances + 1, updated_at = now() WHERE pk = v_study;
            UPDATE series SET num_instances = num_instances + 1, updated_at = now() WHERE pk = v_series
            RETURNING num_instances INTO v_series_instances;
            IF v_series_instances = 1 THEN
                PERFORM refresh_study(v_study, 0, -1);
            END IF;
            r_outcome := 'STORED';
            RETURN NEXT;
            CONTINUE;
        END IF;

        -- The UID is indexed already (or was, a moment ago, by a concurrent store).
        IF NOT v_study_locked THEN
            PERFORM 1 FROM study WHERE pk = v_study FOR UPDATE;
        END IF;
        SELECT x.pk, x.checksum, x.blob_key, x.series_fk, se.study_fk, st.patient_fk, st.study_uid, se.series_uid
        INTO v_old
        FROM instance x JOIN series se ON se.pk = x.series_fk JOIN study st ON st.pk = se.study_fk
        WHERE x.sop_instance_uid = p_sop_uid[i] FOR UPDATE OF x;
        r_blob_key := v_old.blob_key;
        IF v_old.checksum = p_checksum[i] THEN
            r_outcome := 'DUPLICATE';
            RETURN NEXT;
            CONTINUE;
        END IF;
        UPDATE instance SET series_fk = v_series, sop_class_uid = p_sop_class[i], instance_number = p_instance_number[i],
            pixel_rows = p_rows[i], pixel_columns = p_columns[i], bits_allocated = p_bits[i], number_of_frames = p_frames[i],
            transfer_syntax = p_transfer_syntax[i], blob_key = p_blob_key[i], size = p_size[i], checksum = p_checksum[i],
            metadata = p_metadata[i], stored_at = now()
        WHERE pk = v_old.pk;
        IF v_old.series_fk = v_series THEN
            PERFORM refresh_study(v_study, 0, -1);
        ELSE
            -- The instance moved to another series: the old one loses it. (That takes the old
            -- study's lock after the new one's; a crossing move the other way would deadlock, and
            -- PostgreSQL fails one of the two, which the caller runs again.)
            PERFORM refresh_study(v_study, 1, v_series);
            UPDATE series SET num_instances = num_instances + 1, updated_at = now() WHERE pk = v_series;
            UPDATE series SET num_instances = num_instances - 1, updated_at = now() WHERE pk = v_old.series_fk;
            PERFORM refresh_study(v_old.study_fk, -1, -1);
            PERFORM drop_if_empty(v_old.study_fk, v_old.patient_fk);
        END IF;
        r_outcome := 'REPLACED';
        r_old_study_uid := v_old.study_uid;
        r_old_series_uid := v_old.series_uid;
        RETURN NEXT;
    END LOOP;
END
$store$;
