package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Row;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import io.sagitta.core.json.DicomJsonReader;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.QueryLevel;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Builds one result dataset from one row: each return key from its column, computed keys from
 * their subqueries, InstanceAvailability as ONLINE, other keys at IMAGE level from the stored
 * metadata, and what the index does not have as an empty (zero-length) attribute, which is what
 * C-FIND answers for a return key it cannot fill. Text is UTF-8 (ISO_IR 192).
 */
final class ResultDatasets {

    private static final DicomJsonReader METADATA_READER = DicomJsonReader.create();
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final IndexQuery query;
    private final QuerySql.Statement statement;

    ResultDatasets(IndexQuery query, QuerySql.Statement statement) {
        this.query = query;
        this.statement = statement;
    }

    Dataset toDataset(Row row) {
        Dataset out = new Dataset(query.returnKeys().size() + 2);
        out.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        Dataset metadata = null;
        if (statement.withMetadata()) {
            String json = row.get("metadata", String.class);
            metadata = json == null ? new Dataset() : METADATA_READER.readDataset(json);
        }
        Map<Integer, String> aliases = statement.aliases();
        for (int tag : query.returnKeys()) {
            VR vr = ElementDictionary.vrOf(tag);
            String alias = aliases.get(tag);
            if (alias != null) {
                set(out, tag, vr, row.get(alias));
            } else if (tag == Tag.InstanceAvailability && query.level() != QueryLevel.PATIENT) {
                out.setString(tag, VR.CS, "ONLINE");
            } else if (metadata != null && metadata.contains(tag)) {
                copy(metadata, out, tag);
            } else if (vr != null) {
                out.setBytes(tag, vr, null);
            }
        }
        return out;
    }

    private static void set(Dataset out, int tag, VR vr, Object value) {
        if (vr == null) {
            return;
        }
        if (value == null) {
            out.setBytes(tag, vr, null);
        } else if (value instanceof String) {
            out.setString(tag, vr, (String) value);
        } else if (value instanceof String[]) {
            out.setString(tag, vr, (String[]) value);
        } else if (value instanceof LocalDate) {
            out.setString(tag, vr, DA.format((LocalDate) value));
        } else if (value instanceof LocalTime) {
            out.setString(tag, vr, formatTime((LocalTime) value));
        } else if (value instanceof Number) {
            out.setLong(tag, vr, ((Number) value).longValue());
        } else {
            out.setString(tag, vr, value.toString());
        }
    }

    static String formatTime(LocalTime t) {
        String s = String.format("%02d%02d%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? s : s + String.format(".%06d", micros);
    }

    /** Text is re-encoded through strings, since the metadata's character set and the result's differ. */
    private static void copy(Dataset from, Dataset to, int tag) {
        int i = from.indexOf(tag);
        VR vr = from.vrAt(i);
        Object value = from.valueAt(i);
        if (value instanceof byte[] && vr.isCharsetDependent()) {
            to.setString(tag, vr, from.getStrings(tag));
        } else {
            to.setValue(tag, vr, value);
        }
    }
}
