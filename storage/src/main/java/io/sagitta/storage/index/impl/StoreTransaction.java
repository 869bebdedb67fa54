package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.storage.index.IndexException;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.index.StoreResult.Outcome;
import java.time.LocalDate;
import java.time.LocalTime;
import reactor.core.publisher.Mono;

/**
 * Phase two of a store: one transaction that creates or updates patient, study and series,
 * inserts (or replaces) the instance and moves the aggregates.
 *
 * <p>Concurrency. The usual store adds an instance to a study whose patient, study and series
 * rows exist and would not change; one lookup, outside the transaction and without locks, finds
 * them, and only rows that are new or would change are upserted. {@code INSERT ... ON CONFLICT}
 * makes concurrent stores of a new study, series or SOP Instance UID agree on one row. Locks are
 * taken in one order by every writer, deletes included: patient, study, series, instance; the
 * study's lock, which serialises the aggregate updates of one study, is held only from the
 * aggregate update to the commit in the usual case. A store racing the deletion of its own study
 * may fail (foreign key) and can be retried.
 */
final class StoreTransaction {

    private record Existing(long pk, String checksum, String blobKey, long seriesPk, long studyPk, long patientPk,
                            String studyUid, String seriesUid) {
    }

    /**
     * Keys of the rows that exist and would not change (null: upsert needed), and the checksum and
     * blob key of the instance if it is indexed already.
     */
    private record Unchanged(Long patientPk, Long studyPk, Long seriesPk, String checksum, String blobKey) {
    }

    private final InstanceRecord record;
    private final Dataset a;

    StoreTransaction(InstanceRecord record) {
        this.record = record;
        this.a = record.attributes();
    }

    Mono<StoreResult> run(Connection c) {
        // One lookup without locks. A re-send of the same bytes ends here, with no transaction.
        return unchanged(c).flatMap(known -> record.blob().checksum().equals(known.checksum())
            ? Mono.just(duplicate(known.blobKey()))
            : Sql.inTransaction(c, tx -> write(tx, known)));
    }

    private Mono<StoreResult> write(Connection c, Unchanged known) {
        boolean[] studyLocked = {false};
        Mono<Long> patient = known.patientPk() != null ? Mono.just(known.patientPk()) : upsertPatient(c);
        return patient.flatMap(patientPk -> (known.studyPk() != null ? Mono.just(known.studyPk())
                : upsertStudy(c, patientPk).doOnNext(pk -> studyLocked[0] = true))
            .flatMap(studyPk -> (known.seriesPk() != null ? Mono.just(known.seriesPk())
                    : (studyLocked[0] ? Mono.just(studyPk) : Aggregates.lockStudy(c, studyPk)).then(upsertSeries(c, studyPk)))
                .flatMap(seriesPk -> insertInstance(c, seriesPk)
                    .flatMap(inserted -> Aggregates.refreshStudy(c, studyPk, 1, seriesPk)
                        .then(Aggregates.adjustSeries(c, seriesPk, 1))
                        .thenReturn(result(Outcome.STORED, null)))
                    .switchIfEmpty(Mono.defer(() -> Aggregates.lockStudy(c, studyPk).then(lockedExisting(c))
                        .flatMap(e -> e.checksum().equals(record.blob().checksum()) ? Mono.just(duplicate(e.blobKey()))
                            : replace(c, e, seriesPk, studyPk)))))));
    }

    private Mono<Unchanged> unchanged(Connection c) {
        String name = a.getString(Tag.PatientName);
        String referring = a.getString(Tag.ReferringPhysicianName);
        return Sql.one(c, "SELECT"
            + " (SELECT p.pk FROM patient p WHERE p.patient_id = $1 AND p.issuer = $2"
            + "   AND p.name IS NOT DISTINCT FROM coalesce($3, p.name) AND p.name_upper IS NOT DISTINCT FROM coalesce($4, p.name_upper)"
            + "   AND p.name_fuzzy IS NOT DISTINCT FROM coalesce($5, p.name_fuzzy)"
            + "   AND p.birth_date IS NOT DISTINCT FROM coalesce($6, p.birth_date) AND p.sex IS NOT DISTINCT FROM coalesce($7, p.sex)),"
            + " (SELECT st.pk FROM study st JOIN patient p ON p.pk = st.patient_fk WHERE st.study_uid = $8"
            + "   AND p.patient_id = $1 AND p.issuer = $2"
            + "   AND st.study_date IS NOT DISTINCT FROM coalesce($9, st.study_date)"
            + "   AND st.study_time IS NOT DISTINCT FROM coalesce($10, st.study_time)"
            + "   AND st.accession_number IS NOT DISTINCT FROM coalesce($11, st.accession_number)"
            + "   AND st.study_id IS NOT DISTINCT FROM coalesce($12, st.study_id)"
            + "   AND st.description IS NOT DISTINCT FROM coalesce($13, st.description)"
            + "   AND st.referring_name IS NOT DISTINCT FROM coalesce($14, st.referring_name)"
            + "   AND st.referring_name_upper IS NOT DISTINCT FROM coalesce($15, st.referring_name_upper)"
            + "   AND st.referring_name_fuzzy IS NOT DISTINCT FROM coalesce($16, st.referring_name_fuzzy)),"
            + " (SELECT se.pk FROM series se JOIN study st ON st.pk = se.study_fk WHERE se.series_uid = $17 AND st.study_uid = $8"
            + "   AND se.modality IS NOT DISTINCT FROM coalesce($18, se.modality)"
            + "   AND se.series_number IS NOT DISTINCT FROM coalesce($19, se.series_number)"
            + "   AND se.description IS NOT DISTINCT FROM coalesce($20, se.description)"
            + "   AND se.body_part IS NOT DISTINCT FROM coalesce($21, se.body_part)"
            + "   AND se.pps_start_date IS NOT DISTINCT FROM coalesce($22, se.pps_start_date)"
            + "   AND se.pps_start_time IS NOT DISTINCT FROM coalesce($23, se.pps_start_time)),"
            + " i.checksum, i.blob_key FROM (SELECT 1) one LEFT JOIN instance i ON i.sop_instance_uid = $24",
            row -> new Unchanged(row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class),
                row.get(3, String.class), row.get(4, String.class)),
            a.getString(Tag.PatientID, ""), a.getString(Tag.IssuerOfPatientID, ""), text(name),
            text(PersonNames.upper(name)), text(PersonNames.fuzzy(name)), date(Tag.PatientBirthDate), text(a.getString(Tag.PatientSex)),
            record.studyInstanceUid(), date(Tag.StudyDate), time(Tag.StudyTime), text(a.getString(Tag.AccessionNumber)),
            text(a.getString(Tag.StudyID)), text(a.getString(Tag.StudyDescription)), text(referring),
            text(PersonNames.upper(referring)), text(PersonNames.fuzzy(referring)),
            record.seriesInstanceUid(), text(a.getString(Tag.Modality)), integer(Tag.SeriesNumber),
            text(a.getString(Tag.SeriesDescription)), text(a.getString(Tag.BodyPartExamined)),
            date(Tag.PerformedProcedureStepStartDate), time(Tag.PerformedProcedureStepStartTime), record.sopInstanceUid());
    }

    private StoreResult duplicate(String indexedBlobKey) {
        String newKey = record.blob().key();
        return result(Outcome.DUPLICATE, newKey.equals(indexedBlobKey) ? null : newKey);
    }

    private StoreResult result(Outcome outcome, String obsoleteBlobKey) {
        return new StoreResult(outcome, record.studyInstanceUid(), record.seriesInstanceUid(), record.sopInstanceUid(),
            obsoleteBlobKey);
    }

    private Mono<Existing> lockedExisting(Connection c) {
        return Sql.one(c, "SELECT i.pk, i.checksum, i.blob_key, i.series_fk, se.study_fk, st.patient_fk, st.study_uid, se.series_uid"
            + " FROM instance i JOIN series se ON se.pk = i.series_fk JOIN study st ON st.pk = se.study_fk"
            + " WHERE i.sop_instance_uid = $1 FOR UPDATE OF i",
            row -> new Existing(row.get(0, Long.class), row.get(1, String.class), row.get(2, String.class),
                row.get(3, Long.class), row.get(4, Long.class), row.get(5, Long.class), row.get(6, String.class),
                row.get(7, String.class)),
            record.sopInstanceUid());
    }

    private Mono<Long> upsertPatient(Connection c) {
        String name = a.getString(Tag.PatientName);
        return Sql.one(c, "INSERT INTO patient AS t (patient_id, issuer, name, name_upper, name_fuzzy, birth_date, sex)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7)"
            + " ON CONFLICT (patient_id, issuer) DO UPDATE SET name = coalesce(EXCLUDED.name, t.name),"
            + " name_upper = coalesce(EXCLUDED.name_upper, t.name_upper), name_fuzzy = coalesce(EXCLUDED.name_fuzzy, t.name_fuzzy),"
            + " birth_date = coalesce(EXCLUDED.birth_date, t.birth_date), sex = coalesce(EXCLUDED.sex, t.sex), updated_at = now()"
            + " RETURNING pk", row -> row.get(0, Long.class),
            a.getString(Tag.PatientID, ""), a.getString(Tag.IssuerOfPatientID, ""), text(name),
            text(PersonNames.upper(name)), text(PersonNames.fuzzy(name)), date(Tag.PatientBirthDate), text(a.getString(Tag.PatientSex)));
    }

    private Mono<Long> upsertStudy(Connection c, long patientPk) {
        String referring = a.getString(Tag.ReferringPhysicianName);
        return Sql.one(c, "INSERT INTO study AS t (patient_fk, study_uid, study_date, study_time, accession_number, study_id,"
            + " description, referring_name, referring_name_upper, referring_name_fuzzy)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            + " ON CONFLICT (study_uid) DO UPDATE SET patient_fk = EXCLUDED.patient_fk,"
            + " study_date = coalesce(EXCLUDED.study_date, t.study_date), study_time = coalesce(EXCLUDED.study_time, t.study_time),"
            + " accession_number = coalesce(EXCLUDED.accession_number, t.accession_number),"
            + " study_id = coalesce(EXCLUDED.study_id, t.study_id), description = coalesce(EXCLUDED.description, t.description),"
            + " referring_name = coalesce(EXCLUDED.referring_name, t.referring_name),"
            + " referring_name_upper = coalesce(EXCLUDED.referring_name_upper, t.referring_name_upper),"
            + " referring_name_fuzzy = coalesce(EXCLUDED.referring_name_fuzzy, t.referring_name_fuzzy), updated_at = now()"
            + " RETURNING pk", row -> row.get(0, Long.class),
            patientPk, record.studyInstanceUid(), date(Tag.StudyDate), time(Tag.StudyTime), text(a.getString(Tag.AccessionNumber)),
            text(a.getString(Tag.StudyID)), text(a.getString(Tag.StudyDescription)), text(referring),
            text(PersonNames.upper(referring)), text(PersonNames.fuzzy(referring)));
    }

    private Mono<Long> upsertSeries(Connection c, long studyPk) {
        return Sql.one(c, "INSERT INTO series AS t (study_fk, series_uid, modality, series_number, description, body_part,"
            + " pps_start_date, pps_start_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            + " ON CONFLICT (series_uid) DO UPDATE SET modality = coalesce(EXCLUDED.modality, t.modality),"
            + " series_number = coalesce(EXCLUDED.series_number, t.series_number),"
            + " description = coalesce(EXCLUDED.description, t.description), body_part = coalesce(EXCLUDED.body_part, t.body_part),"
            + " pps_start_date = coalesce(EXCLUDED.pps_start_date, t.pps_start_date),"
            + " pps_start_time = coalesce(EXCLUDED.pps_start_time, t.pps_start_time), updated_at = now()"
            + " RETURNING pk, study_fk", row -> new long[] {row.get(0, Long.class), row.get(1, Long.class)},
            studyPk, record.seriesInstanceUid(), text(a.getString(Tag.Modality)), integer(Tag.SeriesNumber),
            text(a.getString(Tag.SeriesDescription)), text(a.getString(Tag.BodyPartExamined)),
            date(Tag.PerformedProcedureStepStartDate), time(Tag.PerformedProcedureStepStartTime))
            .flatMap(pks -> pks[1] == studyPk ? Mono.just(pks[0])
                : Mono.error(new IndexException("series " + record.seriesInstanceUid() + " is already indexed in another study than "
                    + record.studyInstanceUid(), null)));
    }

    /** Emits the new row's key, or nothing when the SOP Instance UID is already indexed. */
    private Mono<Long> insertInstance(Connection c, long seriesPk) {
        return Sql.one(c, "INSERT INTO instance (series_fk, sop_instance_uid, sop_class_uid, instance_number, pixel_rows,"
            + " pixel_columns, bits_allocated, number_of_frames, transfer_syntax, blob_key, size, checksum, metadata)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
            + " ON CONFLICT (sop_instance_uid) DO NOTHING RETURNING pk", row -> row.get(0, Long.class),
            instanceValues(seriesPk));
    }

    private Mono<StoreResult> replace(Connection c, Existing old, long seriesPk, long studyPk) {
        Object[] values = instanceValues(seriesPk);
        Object[] params = new Object[values.length + 1];
        System.arraycopy(values, 0, params, 0, values.length);
        params[values.length] = old.pk();
        Mono<?> counts = old.seriesPk() == seriesPk
            ? Aggregates.refreshStudy(c, studyPk, 0, -1)
            : Aggregates.refreshStudy(c, studyPk, 1, seriesPk).then(Aggregates.adjustSeries(c, seriesPk, 1))
                // The instance moved to another series: the old one loses it. (That takes the old
                // study's lock after the new one's; a crossing move the other way would deadlock and
                // PostgreSQL would fail one of the two, which the caller sees as an error to retry.)
                .then(Aggregates.adjustSeries(c, old.seriesPk(), -1))
                .then(Aggregates.refreshStudy(c, old.studyPk(), -1, -1))
                .then(Aggregates.dropIfEmpty(c, old.studyPk(), old.patientPk()));
        return Sql.update(c, "UPDATE instance SET series_fk = $1, sop_instance_uid = $2, sop_class_uid = $3, instance_number = $4,"
                + " pixel_rows = $5, pixel_columns = $6, bits_allocated = $7, number_of_frames = $8, transfer_syntax = $9,"
                + " blob_key = $10, size = $11, checksum = $12, metadata = $13, stored_at = now() WHERE pk = $14", params)
            .then(counts)
            .thenReturn(new StoreResult(Outcome.REPLACED, record.studyInstanceUid(), record.seriesInstanceUid(),
                record.sopInstanceUid(), old.blobKey().equals(record.blob().key()) ? null : old.blobKey(),
                old.studyUid(), old.seriesUid()));
    }

    private Object[] instanceValues(long seriesPk) {
        return new Object[] {seriesPk, record.sopInstanceUid(), record.sopClassUid(), integer(Tag.InstanceNumber),
            integer(Tag.Rows), integer(Tag.Columns), integer(Tag.BitsAllocated), integer(Tag.NumberOfFrames),
            record.transferSyntaxUid(), record.blob().key(), record.blob().size(), record.blob().checksum(), record.metadataJson()};
    }

    private static Object text(String s) {
        return Sql.orNull(s == null || s.isEmpty() ? null : s, String.class);
    }

    private Object date(int tag) {
        return Sql.orNull(a.getDate(tag), LocalDate.class);
    }

    private Object time(int tag) {
        return Sql.orNull(a.getTime(tag), LocalTime.class);
    }

    private Object integer(int tag) {
        long v = a.getLong(tag, Long.MIN_VALUE);
        return Sql.orNull(v == Long.MIN_VALUE || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : (int) v, Integer.class);
    }
}
