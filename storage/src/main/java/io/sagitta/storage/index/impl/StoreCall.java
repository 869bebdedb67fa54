package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.storage.index.IndexException;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.index.StoreResult.Outcome;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Phase two of a store for a batch of instances: one call of the {@code store_instances} function
 * (migration V4), which creates or updates patient, study and series, inserts or replaces each
 * instance and moves the aggregates, in one transaction. The arguments are columns: one array per
 * attribute, element {@code i} of each describing record {@code i}. Emits one outcome per record,
 * in order: a {@link StoreResult}, or the {@link IndexException} that refused that record alone.
 */
final class StoreCall {

    /** The columns of the call, in the function's parameter order. */
    private enum Column {
        PATIENT_ID(String[]::new, r -> r.a.getString(Tag.PatientID, "")),
        ISSUER(String[]::new, r -> r.a.getString(Tag.IssuerOfPatientID, "")),
        NAME(String[]::new, r -> text(r.a.getString(Tag.PatientName))),
        NAME_UPPER(String[]::new, r -> text(PersonNames.upper(r.a.getString(Tag.PatientName)))),
        NAME_FUZZY(String[]::new, r -> text(PersonNames.fuzzy(r.a.getString(Tag.PatientName)))),
        BIRTH_DATE(String[]::new, r -> r.date(Tag.PatientBirthDate)),
        SEX(String[]::new, r -> text(r.a.getString(Tag.PatientSex))),
        STUDY_UID(String[]::new, r -> r.record.studyInstanceUid()),
        STUDY_DATE(String[]::new, r -> r.date(Tag.StudyDate)),
        STUDY_TIME(String[]::new, r -> r.time(Tag.StudyTime)),
        ACCESSION(String[]::new, r -> text(r.a.getString(Tag.AccessionNumber))),
        STUDY_ID(String[]::new, r -> text(r.a.getString(Tag.StudyID))),
        STUDY_DESCRIPTION(String[]::new, r -> text(r.a.getString(Tag.StudyDescription))),
        REFERRING(String[]::new, r -> text(r.a.getString(Tag.ReferringPhysicianName))),
        REFERRING_UPPER(String[]::new, r -> text(PersonNames.upper(r.a.getString(Tag.ReferringPhysicianName)))),
        REFERRING_FUZZY(String[]::new, r -> text(PersonNames.fuzzy(r.a.getString(Tag.ReferringPhysicianName)))),
        SERIES_UID(String[]::new, r -> r.record.seriesInstanceUid()),
        MODALITY(String[]::new, r -> text(r.a.getString(Tag.Modality))),
        SERIES_NUMBER(Integer[]::new, r -> r.integer(Tag.SeriesNumber)),
        SERIES_DESCRIPTION(String[]::new, r -> text(r.a.getString(Tag.SeriesDescription))),
        BODY_PART(String[]::new, r -> text(r.a.getString(Tag.BodyPartExamined))),
        PPS_DATE(String[]::new, r -> r.date(Tag.PerformedProcedureStepStartDate)),
        PPS_TIME(String[]::new, r -> r.time(Tag.PerformedProcedureStepStartTime)),
        SOP_UID(String[]::new, r -> r.record.sopInstanceUid()),
        SOP_CLASS(String[]::new, r -> r.record.sopClassUid()),
        INSTANCE_NUMBER(Integer[]::new, r -> r.integer(Tag.InstanceNumber)),
        ROWS(Integer[]::new, r -> r.integer(Tag.Rows)),
        COLUMNS(Integer[]::new, r -> r.integer(Tag.Columns)),
        BITS(Integer[]::new, r -> r.integer(Tag.BitsAllocated)),
        FRAMES(Integer[]::new, r -> r.integer(Tag.NumberOfFrames)),
        TRANSFER_SYNTAX(String[]::new, r -> r.record.transferSyntaxUid()),
        BLOB_KEY(String[]::new, r -> r.record.blob().key()),
        SIZE(Long[]::new, r -> r.record.blob().size()),
        CHECKSUM(String[]::new, r -> r.record.blob().checksum()),
        METADATA(String[]::new, r -> r.record.metadataJson());

        final IntFunction<Object[]> arrayOf;
        final Function<Values, Object> value;

        Column(IntFunction<Object[]> arrayOf, Function<Values, Object> value) {
            this.arrayOf = arrayOf;
            this.value = value;
        }
    }

    /**
     * Joins the batch's metadata documents into one text parameter, split again by PostgreSQL
     * ({@code string_to_array}). As an array parameter, each document's every quote would be escaped by
     * the driver one character at a time and parsed back the same way by the server ({@code array_in}):
     * a few percent of both sides' CPU per stored instance. DICOM JSON never holds this control character
     * raw (RFC 8259 escapes them all in strings, and it is no JSON whitespace), so it cannot occur inside
     * a document; a batch holding one anyway (or an empty document) goes as an array.
     */
    static final char METADATA_SEPARATOR = '\u001e';

    private static final String SQL = sql(false);
    private static final String SQL_JOINED_METADATA = sql(true);

    private static String sql(boolean joinedMetadata) {
        StringBuilder sql = new StringBuilder("SELECT r_outcome, r_blob_key, r_old_study_uid, r_old_series_uid, r_error"
            + " FROM store_instances(");
        int count = Column.values().length;
        for (int i = 1; i <= count; i++) {
            sql.append(i == 1 ? "" : ", ");
            if (joinedMetadata && i == Column.METADATA.ordinal() + 1) {
                sql.append("string_to_array($").append(i).append(", chr(").append((int) METADATA_SEPARATOR).append("))");
            } else {
                sql.append('$').append(i);
            }
        }
        return sql.append(')').toString();
    }

    private final List<InstanceRecord> records;

    StoreCall(List<InstanceRecord> records) {
        this.records = records;
    }

    /**
     * Runs the call on {@code c}; emits one outcome per record, in order. One statement is its own
     * transaction, so no BEGIN and COMMIT round trips: all of the batch is written, or none.
     */
    Mono<List<Object>> run(Connection c) {
        String joined = joinedMetadata(records);
        return Flux.from(bind(c.createStatement(joined == null ? SQL : SQL_JOINED_METADATA), joined).execute())
            .concatMap(result -> result.map((row, meta) -> new Row(row.get(0, String.class), row.get(1, String.class),
                row.get(2, String.class), row.get(3, String.class), row.get(4, String.class))))
            .collectList()
            .map(this::outcomes);
    }

    /** {@code joined}: the metadata as one text ({@link #joinedMetadata}), or null to bind it as an array. */
    private Statement bind(Statement statement, String joined) {
        Column[] columns = Column.values();
        Object[][] arrays = new Object[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            arrays[c] = columns[c].arrayOf.apply(records.size());
        }
        for (int r = 0; r < records.size(); r++) {
            Values values = new Values(records.get(r));
            for (int c = 0; c < columns.length; c++) {
                arrays[c][r] = columns[c].value.apply(values);
            }
        }
        for (int c = 0; c < columns.length; c++) {
            statement.bind(c, columns[c] == Column.METADATA && joined != null ? joined : arrays[c]);
        }
        return statement;
    }

    /** The records' metadata joined by {@link #METADATA_SEPARATOR}, or null when one cannot be (see there). */
    static String joinedMetadata(List<InstanceRecord> records) {
        List<String> documents = new ArrayList<>(records.size());
        for (InstanceRecord record : records) {
            String json = record.metadataJson();
            if (json.isEmpty() || json.indexOf(METADATA_SEPARATOR) >= 0) {
                return null;
            }
            documents.add(json);
        }
        return String.join(String.valueOf(METADATA_SEPARATOR), documents);
    }

    private record Row(String outcome, String blobKey, String oldStudyUid, String oldSeriesUid, String error) {
    }

    private List<Object> outcomes(List<Row> rows) {
        if (rows.size() != records.size()) {
            throw new IllegalStateException("store_instances returned " + rows.size() + " rows for " + records.size() + " instances");
        }
        List<Object> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(outcome(records.get(i), rows.get(i)));
        }
        return out;
    }

    private static Object outcome(InstanceRecord record, Row row) {
        String newKey = record.blob().key();
        return switch (row.outcome()) {
            case "STORED" -> result(record, Outcome.STORED, null);
            // The bytes are indexed already; a copy written under another key is unused.
            case "DUPLICATE" -> result(record, Outcome.DUPLICATE, newKey.equals(row.blobKey()) ? null : newKey);
            case "REPLACED" -> new StoreResult(Outcome.REPLACED, record.studyInstanceUid(), record.seriesInstanceUid(),
                record.sopInstanceUid(), newKey.equals(row.blobKey()) ? null : row.blobKey(), row.oldStudyUid(), row.oldSeriesUid());
            case "REFUSED" -> new IndexException(row.error(), null);
            default -> throw new IllegalStateException("store_instances returned outcome " + row.outcome());
        };
    }

    private static StoreResult result(InstanceRecord record, Outcome outcome, String obsoleteBlobKey) {
        return new StoreResult(outcome, record.studyInstanceUid(), record.seriesInstanceUid(), record.sopInstanceUid(),
            obsoleteBlobKey);
    }

    private static String text(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** One record's values, as the call binds them (dates and times as ISO text, the function casts them). */
    private record Values(InstanceRecord record, Dataset a) {

        Values(InstanceRecord record) {
            this(record, record.attributes());
        }

        String date(int tag) {
            LocalDate d = a.getDate(tag);
            return d == null ? null : d.toString();
        }

        String time(int tag) {
            LocalTime t = a.getTime(tag);
            return t == null ? null : t.toString();
        }

        Integer integer(int tag) {
            long v = a.getLong(tag, Long.MIN_VALUE);
            return v == Long.MIN_VALUE || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : (int) v;
        }
    }
}
