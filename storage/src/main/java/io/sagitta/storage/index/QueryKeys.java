package io.sagitta.storage.index;

import io.sagitta.core.data.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes the index keeps, the level each belongs to and how it is matched. A query may
 * match or return a key of its own level or of any level above (the relational form QIDO-RS
 * allows; C-FIND's hierarchical queries are a subset). Counts are computed and only returned.
 */
public final class QueryKeys {

    /** How a key is matched. */
    public enum Kind {
        /** UI: single value or UID list; no wildcards. */
        UID,
        /** Case-sensitive text: single value, wildcard, list. */
        TEXT,
        /** PN: case-insensitive single value and wildcard; fuzzy when asked. */
        PERSON_NAME,
        DATE,
        TIME,
        /** IS: single value or list. */
        NUMBER,
        /** A multi-valued CS kept as an array (ModalitiesInStudy): matches when any value matches. */
        CODE_LIST,
        /** Computed (NumberOf...): returned, never matched. */
        COUNT
    }

    /** One indexed attribute. */
    public record Key(int tag, QueryLevel level, Kind kind) {
        public boolean isMatchable() {
            return kind != Kind.COUNT;
        }
    }

    private static final Map<Integer, Key> KEYS = new LinkedHashMap<>();
    private static final Map<QueryLevel, List<Integer>> DEFAULTS = new LinkedHashMap<>();

    static {
        QueryLevel p = QueryLevel.PATIENT;
        key(Tag.PatientName, p, Kind.PERSON_NAME);
        key(Tag.PatientID, p, Kind.TEXT);
        key(Tag.IssuerOfPatientID, p, Kind.TEXT);
        key(Tag.PatientBirthDate, p, Kind.DATE);
        key(Tag.PatientSex, p, Kind.TEXT);
        key(Tag.NumberOfPatientRelatedStudies, p, Kind.COUNT);
        key(Tag.NumberOfPatientRelatedSeries, p, Kind.COUNT);
        key(Tag.NumberOfPatientRelatedInstances, p, Kind.COUNT);
        QueryLevel st = QueryLevel.STUDY;
        key(Tag.StudyInstanceUID, st, Kind.UID);
        key(Tag.StudyDate, st, Kind.DATE);
        key(Tag.StudyTime, st, Kind.TIME);
        key(Tag.AccessionNumber, st, Kind.TEXT);
        key(Tag.StudyID, st, Kind.TEXT);
        key(Tag.StudyDescription, st, Kind.TEXT);
        key(Tag.ReferringPhysicianName, st, Kind.PERSON_NAME);
        key(Tag.ModalitiesInStudy, st, Kind.CODE_LIST);
        key(Tag.NumberOfStudyRelatedSeries, st, Kind.COUNT);
        key(Tag.NumberOfStudyRelatedInstances, st, Kind.COUNT);
        QueryLevel se = QueryLevel.SERIES;
        key(Tag.SeriesInstanceUID, se, Kind.UID);
        key(Tag.Modality, se, Kind.TEXT);
        key(Tag.SeriesNumber, se, Kind.NUMBER);
        key(Tag.SeriesDescription, se, Kind.TEXT);
        key(Tag.BodyPartExamined, se, Kind.TEXT);
        key(Tag.PerformedProcedureStepStartDate, se, Kind.DATE);
        key(Tag.PerformedProcedureStepStartTime, se, Kind.TIME);
        key(Tag.NumberOfSeriesRelatedInstances, se, Kind.COUNT);
        QueryLevel i = QueryLevel.IMAGE;
        key(Tag.SOPInstanceUID, i, Kind.UID);
        key(Tag.SOPClassUID, i, Kind.UID);
        key(Tag.InstanceNumber, i, Kind.NUMBER);
        key(Tag.AvailableTransferSyntaxUID, i, Kind.UID);
        key(Tag.Rows, i, Kind.NUMBER);
        key(Tag.Columns, i, Kind.NUMBER);
        key(Tag.BitsAllocated, i, Kind.NUMBER);
        key(Tag.NumberOfFrames, i, Kind.NUMBER);

        // PS3.18 tables 6.7.1-2, -2a, -2b (QIDO-RS), less what the door itself adds (RetrieveURL,
        // TimezoneOffsetFromUTC); InstanceAvailability is answered by the index as ONLINE.
        DEFAULTS.put(QueryLevel.PATIENT, List.of(Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex,
            Tag.NumberOfPatientRelatedStudies, Tag.NumberOfPatientRelatedSeries, Tag.NumberOfPatientRelatedInstances));
        DEFAULTS.put(QueryLevel.STUDY, List.of(Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.InstanceAvailability,
            Tag.ModalitiesInStudy, Tag.ReferringPhysicianName, Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate,
            Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyID, Tag.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedInstances));
        DEFAULTS.put(QueryLevel.SERIES, List.of(Tag.Modality, Tag.SeriesDescription, Tag.SeriesInstanceUID, Tag.SeriesNumber,
            Tag.InstanceAvailability, Tag.NumberOfSeriesRelatedInstances, Tag.PerformedProcedureStepStartDate,
            Tag.PerformedProcedureStepStartTime));
        DEFAULTS.put(QueryLevel.IMAGE, List.of(Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.InstanceAvailability,
            Tag.InstanceNumber, Tag.Rows, Tag.Columns, Tag.BitsAllocated, Tag.NumberOfFrames));
    }

    private QueryKeys() {
    }

    private static void key(int tag, QueryLevel level, Kind kind) {
        KEYS.put(tag, new Key(tag, level, kind));
    }

    /** The indexed attribute with this tag, or null. */
    public static Key find(int tag) {
        return KEYS.get(tag);
    }

    /** Every indexed attribute, patient level first. */
    public static List<Key> all() {
        return List.copyOf(KEYS.values());
    }

    /** Whether a query at {@code level} can match on {@code tag} (QIDO-RS warns and ignores the rest). */
    public static boolean supportsMatching(QueryLevel level, int tag) {
        Key key = KEYS.get(tag);
        return key != null && key.isMatchable() && level.includes(key.level());
    }

    /** Whether a query at {@code level} can return {@code tag} from the index (at IMAGE level, any stored attribute can). */
    public static boolean supportsReturn(QueryLevel level, int tag) {
        Key key = KEYS.get(tag);
        if (key == null) {
            return level == QueryLevel.IMAGE || tag == Tag.InstanceAvailability;
        }
        return key.kind() == Kind.COUNT ? key.level() == level : level.includes(key.level());
    }

    /** The return keys QIDO-RS gives at this level when none are asked for. */
    public static List<Integer> defaultReturnKeys(QueryLevel level) {
        return DEFAULTS.get(level);
    }

    /** Every indexed attribute a query at {@code level} can return (QIDO-RS {@code includefield=all}). */
    public static List<Integer> availableAt(QueryLevel level) {
        List<Integer> out = new ArrayList<>();
        for (Key key : KEYS.values()) {
            if (supportsReturn(level, key.tag())) {
                out.add(key.tag());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The attributes that identify an entity at each level up to {@code level}, always returned. */
    public static List<Integer> uniqueKeys(QueryLevel level) {
        switch (level) {
            case PATIENT:
                return List.of(Tag.PatientID);
            case STUDY:
                return List.of(Tag.StudyInstanceUID);
            case SERIES:
                return List.of(Tag.StudyInstanceUID, Tag.SeriesInstanceUID);
            default:
                return List.of(Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID);
        }
    }
}
