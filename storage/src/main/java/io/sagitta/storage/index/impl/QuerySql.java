package io.sagitta.storage.index.impl;

import io.sagitta.core.data.Tag;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InvalidQueryException;
import io.sagitta.storage.index.Match;
import io.sagitta.storage.index.QueryKeys;
import io.sagitta.storage.index.QueryLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an {@link IndexQuery} into one SELECT. Values only ever travel as bind parameters
 * ({@code $1}, {@code $2}, ...); the SQL text is made of fixed column names and operators chosen
 * by the key catalogue, never of anything the caller sent.
 *
 * <p>Wildcard values become {@code LIKE $n ESCAPE '\'} on a COLLATE "C" column, plus, when the
 * value starts with literal text, {@code col >= $a AND col < $b} on that prefix: a condition a
 * btree index serves even under a generic (parameter-blind) plan.
 */
public final class QuerySql {

    /** Where an indexed attribute lives: its table alias and column(s). */
    record Column(QueryLevel level, String expr, String upper, String fuzzy) {
        static Column of(QueryLevel level, String expr) {
            return new Column(level, expr, null, null);
        }
    }

    static final Map<Integer, Column> COLUMNS = new HashMap<>();

    static {
        QueryLevel p = QueryLevel.PATIENT;
        COLUMNS.put(Tag.PatientName, new Column(p, "p.name", "p.name_upper", "p.name_fuzzy"));
        COLUMNS.put(Tag.PatientID, Column.of(p, "p.patient_id"));
        COLUMNS.put(Tag.IssuerOfPatientID, Column.of(p, "p.issuer"));
        COLUMNS.put(Tag.PatientBirthDate, Column.of(p, "p.birth_date"));
        COLUMNS.put(Tag.PatientSex, Column.of(p, "p.sex"));
        COLUMNS.put(Tag.NumberOfPatientRelatedStudies, Column.of(p, "(SELECT count(*) FROM study x WHERE x.patient_fk = p.pk)"));
        COLUMNS.put(Tag.NumberOfPatientRelatedSeries,
            Column.of(p, "(SELECT coalesce(sum(x.num_series), 0) FROM study x WHERE x.patient_fk = p.pk)"));
        COLUMNS.put(Tag.NumberOfPatientRelatedInstances,
            Column.of(p, "(SELECT coalesce(sum(x.num_instances), 0) FROM study x WHERE x.patient_fk = p.pk)"));
        QueryLevel st = QueryLevel.STUDY;
        COLUMNS.put(Tag.StudyInstanceUID, Column.of(st, "st.study_uid"));
        COLUMNS.put(Tag.StudyDate, Column.of(st, "st.study_date"));
        COLUMNS.put(Tag.StudyTime, Column.of(st, "st.study_time"));
        COLUMNS.put(Tag.AccessionNumber, Column.of(st, "st.accession_number"));
        COLUMNS.put(Tag.StudyID, Column.of(st, "st.study_id"));
        COLUMNS.put(Tag.StudyDescription, Column.of(st, "st.description"));
        COLUMNS.put(Tag.ReferringPhysicianName,
            new Column(st, "st.referring_name", "st.referring_name_upper", "st.referring_name_fuzzy"));
        COLUMNS.put(Tag.ModalitiesInStudy, Column.of(st, "st.modalities"));
        COLUMNS.put(Tag.NumberOfStudyRelatedSeries, Column.of(st, "st.num_series"));
        COLUMNS.put(Tag.NumberOfStudyRelatedInstances, Column.of(st, "st.num_instances"));
        QueryLevel se = QueryLevel.SERIES;
        COLUMNS.put(Tag.SeriesInstanceUID, Column.of(se, "se.series_uid"));
        COLUMNS.put(Tag.Modality, Column.of(se, "se.modality"));
        COLUMNS.put(Tag.SeriesNumber, Column.of(se, "se.series_number"));
        COLUMNS.put(Tag.SeriesDescription, Column.of(se, "se.description"));
        COLUMNS.put(Tag.BodyPartExamined, Column.of(se, "se.body_part"));
        COLUMNS.put(Tag.PerformedProcedureStepStartDate, Column.of(se, "se.pps_start_date"));
        COLUMNS.put(Tag.PerformedProcedureStepStartTime, Column.of(se, "se.pps_start_time"));
        COLUMNS.put(Tag.NumberOfSeriesRelatedInstances, Column.of(se, "se.num_instances"));
        QueryLevel i = QueryLevel.IMAGE;
        COLUMNS.put(Tag.SOPInstanceUID, Column.of(i, "i.sop_instance_uid"));
        COLUMNS.put(Tag.SOPClassUID, Column.of(i, "i.sop_class_uid"));
        COLUMNS.put(Tag.InstanceNumber, Column.of(i, "i.instance_number"));
        COLUMNS.put(Tag.AvailableTransferSyntaxUID, Column.of(i, "i.transfer_syntax"));
        COLUMNS.put(Tag.Rows, Column.of(i, "i.pixel_rows"));
        COLUMNS.put(Tag.Columns, Column.of(i, "i.pixel_columns"));
        COLUMNS.put(Tag.BitsAllocated, Column.of(i, "i.bits_allocated"));
        COLUMNS.put(Tag.NumberOfFrames, Column.of(i, "i.number_of_frames"));
    }

    /** The translated statement: SQL text, its parameters in order, and the result columns by tag. */
    public record Statement(String sql, List<Object> params, Map<Integer, String> aliases, boolean withMetadata) {
    }

    private final IndexQuery query;
    private final List<Object> params = new ArrayList<>();
    private final List<String> where = new ArrayList<>();
    private boolean joinPatient;
    private boolean joinStudy;

    private QuerySql(IndexQuery query) {
        this.query = query;
    }

    /** The statement a query runs as (public for tools that EXPLAIN it, such as the index benchmark). */
    public static Statement translate(IndexQuery query) {
        return new QuerySql(query).build();
    }

    private Statement build() {
        QueryLevel level = query.level();
        Map<Integer, String> aliases = new LinkedHashMap<>();
        StringBuilder select = new StringBuilder("SELECT ");
        select.append(pkOf(level)).append(" AS pk");
        boolean metadata = false;
        for (int tag : query.returnKeys()) {
            Column column = COLUMNS.get(tag);
            if (column != null && level.includes(column.level())) {
                String alias = "k" + Integer.toHexString(tag);
                aliases.put(tag, alias);
                select.append(", ").append(column.expr()).append(" AS ").append(alias);
                use(column);
            } else if (column == null && level == QueryLevel.IMAGE && tag != Tag.InstanceAvailability) {
                metadata = true;
            }
        }
        if (metadata) {
            select.append(", i.metadata AS metadata");
        }
        for (Map.Entry<Integer, Match> e : query.matches().entrySet()) {
            condition(e.getKey(), e.getValue());
        }
        StringBuilder order = new StringBuilder();
        for (IndexQuery.Order o : query.orderBy()) {
            Column column = COLUMNS.get(o.tag());
            use(column);
            order.append(order.length() == 0 ? " ORDER BY " : ", ")
                .append(column.upper() != null ? column.upper() : column.expr())
                .append(o.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST");
        }
        order.append(order.length() == 0 ? " ORDER BY " : ", ").append(pkOf(level));

        StringBuilder sql = select.append(" FROM ").append(from(level));
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(order);
        if (query.limit() > 0) {
            sql.append(" LIMIT ").append(param((long) query.limit()));
        }
        if (query.offset() > 0) {
            sql.append(" OFFSET ").append(param((long) query.offset()));
        }
        return new Statement(sql.toString(), List.copyOf(params), aliases, metadata);
    }

    private static String pkOf(QueryLevel level) {
        switch (level) {
            case PATIENT:
                return "p.pk";
            case STUDY:
                return "st.pk";
            case SERIES:
                return "se.pk";
            default:
                return "i.pk";
        }
    }

    private void use(Column column) {
        if (column.level() == QueryLevel.PATIENT) {
            joinPatient = true;
            joinStudy = true;
        } else if (column.level() == QueryLevel.STUDY) {
            joinStudy = true;
        }
    }

    private String from(QueryLevel level) {
        switch (level) {
            case PATIENT:
                return "patient p";
            case STUDY:
                return "study st" + (joinPatient ? " JOIN patient p ON p.pk = st.patient_fk" : "");
            case SERIES:
                return "series se JOIN study st ON st.pk = se.study_fk"
                    + (joinPatient ? " JOIN patient p ON p.pk = st.patient_fk" : "");
            default:
                return "instance i JOIN series se ON se.pk = i.series_fk"
                    + (joinStudy ? " JOIN study st ON st.pk = se.study_fk" : "")
                    + (joinPatient ? " JOIN patient p ON p.pk = st.patient_fk" : "");
        }
    }

    private String param(Object value) {
        params.add(value);
        return "$" + params.size();
    }

    private void condition(int tag, Match match) {
        if (match instanceof Match.Universal) {
            return;
        }
        Column column = COLUMNS.get(tag);
        QueryKeys.Key key = QueryKeys.find(tag);
        if (column == null || key == null) {
            throw new InvalidQueryException("cannot match on " + tag, tag, true);
        }
        use(column);
        String col = column.expr();
        if (match instanceof Match.DateTimeRange) {
            Match.DateTimeRange r = (Match.DateTimeRange) match;
            range("st.study_datetime", r.from(), r.to());
        } else if (match instanceof Match.DateRange) {
            Match.DateRange r = (Match.DateRange) match;
            range(col, r.from(), r.to());
        } else if (match instanceof Match.TimeRange) {
            Match.TimeRange r = (Match.TimeRange) match;
            range(col, r.from(), r.to());
        } else if (match instanceof Match.Numbers) {
            List<Long> numbers = ((Match.Numbers) match).values();
            where.add(numbers.size() == 1 ? col + " = " + param(numbers.get(0))
                : col + " = ANY(" + param(numbers.toArray(new Long[0])) + ")");
        } else if (match instanceof Match.Values) {
            List<String> values = ((Match.Values) match).values();
            switch (key.kind()) {
                case PERSON_NAME:
                    personName(column, values);
                    break;
                case CODE_LIST:
                    codeList(col, values);
                    break;
                default:
                    text(col, values);
            }
        }
    }

    private void range(String col, Object from, Object to) {
        if (from != null && from.equals(to)) {
            where.add(col + " = " + param(from));
            return;
        }
        if (from != null) {
            where.add(col + " >= " + param(from));
        }
        if (to != null) {
            where.add(col + " <= " + param(to));
        }
        if (from == null && to == null) {
            where.add(col + " IS NOT NULL");
        }
    }

    /** Single values, wildcards and lists on a text column: any value may match. */
    private void text(String col, List<String> values) {
        List<String> exact = new ArrayList<>();
        List<String> alternatives = new ArrayList<>();
        for (String v : values) {
            if (Match.Values.isWildcard(v)) {
                alternatives.add(like(col, v));
            } else {
                exact.add(v);
            }
        }
        if (exact.size() == 1) {
            alternatives.add(col + " = " + param(exact.get(0)));
        } else if (exact.size() > 1) {
            alternatives.add(col + " = ANY(" + param(exact.toArray(new String[0])) + ")");
        }
        where.add(alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" OR ", alternatives) + ")");
    }

    private String like(String col, String value) {
        String condition = col + " LIKE " + param(LikePatterns.toLike(value)) + " ESCAPE '\\'";
        String prefix = LikePatterns.literalPrefix(value);
        String upperBound = LikePatterns.prefixUpperBound(prefix);
        if (upperBound != null) {
            condition = "(" + condition + " AND " + col + " >= " + param(prefix) + " AND " + col + " < " + param(upperBound) + ")";
        }
        return condition;
    }

    /** PN: case-insensitive on the upper-cased alphabetic group, or word-wise accent-folded when fuzzy. */
    private void personName(Column column, List<String> values) {
        List<String> alternatives = new ArrayList<>();
        for (String v : values) {
            if (query.fuzzyPersonNames()) {
                List<String> words = PersonNames.fuzzyWords(v);
                if (words.isEmpty() || words.stream().allMatch(w -> w.chars().allMatch(c -> c == '*'))) {
                    return; // nothing to match on: universal
                }
                List<String> all = new ArrayList<>();
                for (String w : words) {
                    all.add(column.fuzzy() + " LIKE " + param("% " + LikePatterns.toLike(w) + "%") + " ESCAPE '\\'");
                }
                alternatives.add("(" + String.join(" AND ", all) + ")");
            } else if (v.indexOf('=') >= 0) {
                String normalised = PersonNames.upperAllGroups(v);
                String col = "upper(" + column.expr() + ")";
                alternatives.add(Match.Values.isWildcard(v)
                    ? col + " LIKE " + param(LikePatterns.toLike(normalised)) + " ESCAPE '\\'"
                    : col + " = " + param(normalised));
            } else {
                String normalised = PersonNames.upper(v);
                if (normalised == null) {
                    return;
                }
                alternatives.add(Match.Values.isWildcard(normalised) ? like(column.upper(), normalised)
                    : column.upper() + " = " + param(normalised));
            }
        }
        where.add(alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" OR ", alternatives) + ")");
    }

    /** A multi-valued attribute kept as an array: matches when any of its values matches any query value. */
    private void codeList(String col, List<String> values) {
        if (values.stream().noneMatch(Match.Values::isWildcard)) {
            where.add(col + " && " + param(values.toArray(new String[0])));
            return;
        }
        List<String> alternatives = new ArrayList<>();
        for (String v : values) {
            alternatives.add(Match.Values.isWildcard(v) ? "m LIKE " + param(LikePatterns.toLike(v)) + " ESCAPE '\\'"
                : "m = " + param(v));
        }
        where.add("EXISTS (SELECT 1 FROM unnest(" + col + ") m WHERE " + String.join(" OR ", alternatives) + ")");
    }
}
