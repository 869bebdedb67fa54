package io.sagitta.bench.index;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fills a freshly migrated index with synthetic data straight in SQL ({@code INSERT ... SELECT}
 * over {@code generate_series}), the schema's own tables and indexes, in well under a minute
 * for a million instances. The shape: one patient per 100 instances, one study per 20 (so a
 * million instances are 10,000 patients and 50,000 studies), four series of five instances per
 * study. Surnames come from a list with a skewed (Zipf-like) frequency, study dates are spread
 * evenly over ten years (2016-2025), each study has one main modality (CT 30 %, MR 20 %, CR 15 %,
 * DX 10 %, US 10 %, MG 5 %, PT 4 %, NM 3 %, XA 3 %) and a third of them an SR series as well.
 * The random generator is seeded: the same size gives the same data.
 *
 * <p>Rows are inserted with explicit keys (so that children find their parents by arithmetic,
 * without lookups), after which the identity sequences are moved past them; metadata JSON is a
 * short stand-in (a few hundred bytes): study-level queries never read it.
 */
final class IndexFill {

    static final int INSTANCES_PER_STUDY = 20;
    static final int SERIES_PER_STUDY = 4;
    static final int INSTANCES_PER_SERIES = INSTANCES_PER_STUDY / SERIES_PER_STUDY;
    static final int INSTANCES_PER_PATIENT = 100;

    /** Frequent surnames first: the fill picks index floor(n * r^2), so early ones are common. */
    private static final List<String> SURNAMES = List.of("SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MUELLER",
        "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ", "SCHMIDT", "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON",
        "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN", "LEE", "PEREZ", "THOMPSON", "WHITE", "HARRIS",
        "SANCHEZ", "CLARK", "RAMIREZ", "LEWIS", "ROBINSON", "WALKER", "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT",
        "TORRES", "NGUYEN", "HILL", "FLORES", "GREEN", "ADAMS", "NELSON", "BAKER", "HALL", "RIVERA", "CAMPBELL",
        "MITCHELL", "CARTER", "ROBERTS", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER", "BECKER", "SCHULZ",
        "HOFFMANN", "KOCH", "RICHTER", "KLEIN", "WOLF", "SMIRNOV", "IVANOV", "KUZNETSOV", "POPOV", "SOKOLOV",
        "LEBEDEV", "KOZLOV", "NOVAK", "SVOBODA", "DVORAK", "ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI",
        "ROMANO", "COLOMBO", "DUBOIS", "DURAND", "LEROY", "MOREAU", "SIMON", "LAURENT", "MICHEL", "SMIDT",
        "TANAKA", "SUZUKI", "TAKAHASHI", "WATANABE", "KIM", "PARK", "CHOI", "SMILEY", "SMOLEN", "SMYTHE",
        "SMALLWOOD", "SMART", "SMEDLEY");
    private static final List<String> GIVEN_NAMES = List.of("JAMES", "MARY", "JOHN", "PATRICIA", "ROBERT", "JENNIFER",
        "MICHAEL", "LINDA", "WILLIAM", "ELIZABETH", "DAVID", "BARBARA", "RICHARD", "SUSAN", "JOSEPH", "JESSICA",
        "THOMAS", "SARAH", "ANNA", "HANS", "PETER", "MARIA", "OLGA", "IVAN", "YUKI", "HIROSHI", "MIN", "JI");

    private final ConnectionFactory connections;
    private final int instances;

    IndexFill(ConnectionFactory connections, int instances) {
        if (instances < INSTANCES_PER_PATIENT || instances % INSTANCES_PER_PATIENT != 0) {
            throw new IllegalArgumentException("instances must be a positive multiple of " + INSTANCES_PER_PATIENT);
        }
        this.connections = connections;
        this.instances = instances;
    }

    int patients() {
        return instances / INSTANCES_PER_PATIENT;
    }

    int studies() {
        return instances / INSTANCES_PER_STUDY;
    }

    /** Runs the fill on the calling thread (a benchmark's main thread, never an event loop). */
    void run() {
        String surnames = arrayLiteral(SURNAMES);
        String given = arrayLiteral(GIVEN_NAMES);
        List<String> steps = List.of(
            "SELECT setseed(0.4242)",
            "INSERT INTO patient (pk, patient_id, issuer, name, name_upper, name_fuzzy, birth_date, sex) OVERRIDING SYSTEM VALUE"
                + " SELECT g, 'PID' || g, '', n.sur || '^' || n.giv, n.sur || '^' || n.giv, ' ' || n.sur || ' ' || n.giv,"
                + " date '1930-01-01' + (random() * 30000)::int, CASE WHEN random() < 0.5 THEN 'F' ELSE 'M' END"
                + " FROM generate_series(1, " + patients() + ") g,"
                + " LATERAL (SELECT (" + surnames + ")[1 + floor(" + SURNAMES.size() + " * power(random(), 2))::int] AS sur,"
                + "   (" + given + ")[1 + floor(" + GIVEN_NAMES.size() + " * random())::int] AS giv, g AS keep) n",
            "INSERT INTO study (pk, patient_fk, study_uid, study_date, study_time, accession_number, study_id, description,"
                + " referring_name, referring_name_upper, referring_name_fuzzy, modalities, num_series, num_instances)"
                + " OVERRIDING SYSTEM VALUE"
                + " SELECT g, 1 + floor(random() * " + patients() + ")::int, '1.2.826.0.1.3680043.9.7433.1.' || g,"
                + " date '2016-01-01' + floor(random() * 3653)::int, time '07:00' + random() * interval '12 hours',"
                + " 'ACC' || g, g::text, m.modality || ' examination', 'WELBY^MARCUS', 'WELBY^MARCUS', ' WELBY MARCUS',"
                + " CASE WHEN random() < 0.33 THEN ARRAY[m.modality, 'SR'] ELSE ARRAY[m.modality] END::text[],"
                + " " + SERIES_PER_STUDY + ", " + INSTANCES_PER_STUDY
                + " FROM generate_series(1, " + studies() + ") g,"
                + " LATERAL (SELECT CASE WHEN r < 0.30 THEN 'CT' WHEN r < 0.50 THEN 'MR' WHEN r < 0.65 THEN 'CR'"
                + "   WHEN r < 0.75 THEN 'DX' WHEN r < 0.85 THEN 'US' WHEN r < 0.90 THEN 'MG' WHEN r < 0.94 THEN 'PT'"
                + "   WHEN r < 0.97 THEN 'NM' ELSE 'XA' END AS modality FROM (SELECT random() AS r, g AS keep) x) m",
            "INSERT INTO series (pk, study_fk, series_uid, modality, series_number, description, body_part, num_instances)"
                + " OVERRIDING SYSTEM VALUE"
                + " SELECT (st.pk - 1) * " + SERIES_PER_STUDY + " + s, st.pk, st.study_uid || '.' || s,"
                + " CASE WHEN s = " + SERIES_PER_STUDY + " AND cardinality(st.modalities) = 2 THEN 'SR' ELSE st.modalities[1] END,"
                + " s, 'series ' || s, 'CHEST', " + INSTANCES_PER_SERIES
                + " FROM study st, generate_series(1, " + SERIES_PER_STUDY + ") s",
            "INSERT INTO instance (pk, series_fk, sop_instance_uid, sop_class_uid, instance_number, pixel_rows, pixel_columns,"
                + " bits_allocated, transfer_syntax, blob_key, size, checksum, metadata) OVERRIDING SYSTEM VALUE"
                + " SELECT (se.pk - 1) * " + INSTANCES_PER_SERIES + " + k, se.pk, se.series_uid || '.' || k,"
                + " CASE se.modality WHEN 'CT' THEN '1.2.840.10008.5.1.4.1.1.2' WHEN 'MR' THEN '1.2.840.10008.5.1.4.1.1.4'"
                + "   WHEN 'SR' THEN '1.2.840.10008.5.1.4.1.1.88.22' ELSE '1.2.840.10008.5.1.4.1.1.7' END,"
                + " k, 512, 512, 16, '1.2.840.10008.1.2.1', '2026/01/01/' || se.series_uid || '.' || k || '-000000000000.dcm',"
                + " 524288 + k, lpad(to_hex(se.pk * 31 + k), 8, '0'),"
                + " '{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"' || se.series_uid || '.' || k || '\"]},"
                + "\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"' || se.series_uid || '\"]},"
                + "\"00080060\":{\"vr\":\"CS\",\"Value\":[\"' || se.modality || '\"]},"
                + "\"00200013\":{\"vr\":\"IS\",\"Value\":[' || k || ']},\"00280010\":{\"vr\":\"US\",\"Value\":[512]},"
                + "\"00280011\":{\"vr\":\"US\",\"Value\":[512]},\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"bulk:7FE00010\"}}'"
                + " FROM series se, generate_series(1, " + INSTANCES_PER_SERIES + ") k",
            "ALTER TABLE patient ALTER COLUMN pk RESTART WITH " + (patients() + 1),
            "ALTER TABLE study ALTER COLUMN pk RESTART WITH " + (studies() + 1),
            "ALTER TABLE series ALTER COLUMN pk RESTART WITH " + (studies() * SERIES_PER_STUDY + 1),
            "ALTER TABLE instance ALTER COLUMN pk RESTART WITH " + (instances + 1),
            "VACUUM ANALYZE patient, study, series, instance");
        Mono.usingWhen(connections.create(), c -> Flux.fromIterable(steps).concatMap(sql -> run(c, sql)).then(),
            Connection::close).block(Duration.ofMinutes(30));
    }

    private static Mono<Long> run(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }

    private static String arrayLiteral(List<String> values) {
        return "ARRAY['" + String.join("','", values) + "']";
    }
}
