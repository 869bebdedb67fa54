-- The instance index: patient > study > series > instance, one row each, with the attributes that
-- C-FIND and QIDO-RS match on. Text that is matched by prefix or wildcard is COLLATE "C", so a plain
-- btree serves LIKE 'ABC%' and the explicit range conditions the query translator adds.
-- Person names keep three forms: the raw PN value (returned), name_upper (alphabetic group,
-- upper-cased, accents kept, trailing empty components dropped: case-insensitive and wildcard
-- matching) and name_fuzzy (accents folded, words separated by single spaces with a leading space:
-- fuzzy matching finds ' WORD' anywhere).

CREATE TABLE patient (
    pk                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id          text COLLATE "C" NOT NULL,
    issuer              text COLLATE "C" NOT NULL,
    name                text,
    name_upper          text COLLATE "C",
    name_fuzzy          text COLLATE "C",
    birth_date          date,
    sex                 text COLLATE "C",
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT patient_identity UNIQUE (patient_id, issuer)
);
CREATE INDEX patient_name_upper ON patient (name_upper);
CREATE INDEX patient_birth_date ON patient (birth_date);

CREATE TABLE study (
    pk                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_fk          bigint NOT NULL REFERENCES patient (pk),
    study_uid           text COLLATE "C" NOT NULL,
    study_date          date,
    study_time          time,
    -- StudyDate and StudyTime as one instant, for combined date-time range matching.
    study_datetime      timestamp GENERATED ALWAYS AS (study_date + coalesce(study_time, time '00:00')) STORED,
    accession_number    text COLLATE "C",
    study_id            text COLLATE "C",
    description         text COLLATE "C",
    referring_name      text,
    referring_name_upper text COLLATE "C",
    referring_name_fuzzy text COLLATE "C",
    -- Aggregates, kept exact by the store and delete transactions under the study's row lock.
    modalities          text[] COLLATE "C" NOT NULL DEFAULT '{}',
    num_series          integer NOT NULL DEFAULT 0,
    num_instances       integer NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT study_uid_unique UNIQUE (study_uid)
);
CREATE INDEX study_patient ON study (patient_fk);
CREATE INDEX study_datetime ON study (study_datetime);
CREATE INDEX study_date ON study (study_date);
CREATE INDEX study_accession ON study (accession_number);
CREATE INDEX study_study_id ON study (study_id);
CREATE INDEX study_referring_name_upper ON study (referring_name_upper);
CREATE INDEX study_modalities ON study USING gin (modalities);
CREATE INDEX study_created ON study (created_at);

CREATE TABLE series (
    pk                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study_fk            bigint NOT NULL REFERENCES study (pk),
    series_uid          text COLLATE "C" NOT NULL,
    modality            text COLLATE "C",
    series_number       integer,
    description         text COLLATE "C",
    body_part           text COLLATE "C",
    pps_start_date      date,
    pps_start_time      time,
    num_instances       integer NOT NULL DEFAULT 0,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT series_uid_unique UNIQUE (series_uid)
);
CREATE INDEX series_study ON series (study_fk);
CREATE INDEX series_modality ON series (modality);

-- metadata: the instance's DICOM JSON without bulk data, as text. It is served verbatim and never
-- queried inside, so jsonb would only cost a parse on write and a re-serialisation on read;
-- PostgreSQL compresses it out of line (TOAST) once it is over ~2 kB.
CREATE TABLE instance (
    pk                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series_fk           bigint NOT NULL REFERENCES series (pk),
    sop_instance_uid    text COLLATE "C" NOT NULL,
    sop_class_uid       text COLLATE "C" NOT NULL,
    instance_number     integer,
    pixel_rows          integer,
    pixel_columns       integer,
    bits_allocated      integer,
    number_of_frames    integer,
    transfer_syntax     text COLLATE "C" NOT NULL,
    blob_key            text NOT NULL,
    size                bigint NOT NULL,
    checksum            text NOT NULL,
    stored_at           timestamptz NOT NULL DEFAULT now(),
    metadata            text NOT NULL,
    CONSTRAINT instance_uid_unique UNIQUE (sop_instance_uid)
);
CREATE INDEX instance_series ON instance (series_fk, instance_number);
CREATE INDEX instance_sop_class ON instance (sop_class_uid);
