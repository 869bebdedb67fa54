package io.sagitta.bench.index;

import io.sagitta.dicomweb.qido.QidoQuery;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.QueryLevel;
import io.sagitta.storage.index.impl.QuerySql;
import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The query path before the database: a QIDO-RS request's parameters parsed into an
 * {@link IndexQuery} ({@code parse}), that query translated into its SQL and parameters
 * ({@code translate}), and both ({@code qidoToSql}, what each QIDO-RS request pays before its
 * statement is sent; C-FIND pays {@code translate} after its own identifier parsing). The queries
 * are the index benchmark's four study-level ones plus a series and an instance query inside a
 * study, with the viewers' usual {@code includefield}, {@code limit} and {@code offset}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class QueryTranslationBenchmark {

    static final String STUDY = "1.2.826.0.1.3680043.10.1137.1042";
    static final String SERIES = STUDY + ".1";
    static final int MAX_RESULTS = 1000;

    /** A QIDO-RS request: its level, the UIDs its path names and its query string. */
    public enum Query {
        NAME_PREFIX(QueryLevel.STUDY, null, null, "PatientName", "SMI*"),
        DATE_RANGE(QueryLevel.STUDY, null, null, "StudyDate", "20240101-20240131"),
        MODALITY(QueryLevel.STUDY, null, null, "ModalitiesInStudy", "CT"),
        ALL_THREE(QueryLevel.STUDY, null, null, "PatientName", "SMI*", "StudyDate", "20240101-20240131",
            "ModalitiesInStudy", "CT", "fuzzymatching", "false"),
        SERIES_OF_STUDY(QueryLevel.SERIES, STUDY, null, "Modality", "CT", "includefield", "SeriesDescription"),
        INSTANCES_OF_SERIES(QueryLevel.IMAGE, STUDY, SERIES, "includefield", "00280010,00280011");

        final QueryLevel level;
        final String study;
        final String series;
        final String[] params;

        Query(QueryLevel level, String study, String series, String... params) {
            this.level = level;
            this.study = study;
            this.series = series;
            this.params = params;
        }

        MultiMap parameters() {
            MultiMap map = MultiMap.caseInsensitiveMultiMap();
            for (int i = 0; i < params.length; i += 2) {
                map.add(params[i], params[i + 1]);
            }
            // What OHIF sends with every study list.
            map.add("limit", "101").add("offset", "0");
            return map;
        }
    }

    @Param
    public Query query;

    private MultiMap parameters;
    private IndexQuery parsed;

    @Setup(Level.Trial)
    public void setUp() {
        parameters = query.parameters();
        QidoQuery qido = QidoQuery.parse(query.level, query.study, query.series, parameters, MAX_RESULTS);
        if (!qido.warnings().isEmpty()) {
            throw new IllegalStateException(query + " parses with warnings: " + qido.warnings());
        }
        parsed = qido.indexQuery();
        QuerySql.Statement statement = QuerySql.translate(parsed);
        if (!statement.sql().contains("LIMIT $") || statement.params().isEmpty()) {
            throw new IllegalStateException(query + " translates to " + statement);
        }
        System.out.printf("%n%s: %s%n  -> %s %s%n", query, parsed, statement.sql(), statement.params().stream()
            .map(p -> p instanceof Object[] values ? Arrays.toString(values) : String.valueOf(p)).toList());
    }

    @Benchmark
    public IndexQuery parse() {
        return QidoQuery.parse(query.level, query.study, query.series, parameters, MAX_RESULTS).indexQuery();
    }

    @Benchmark
    public QuerySql.Statement translate() {
        return QuerySql.translate(parsed);
    }

    @Benchmark
    public QuerySql.Statement qidoToSql() {
        return QuerySql.translate(QidoQuery.parse(query.level, query.study, query.series, parameters, MAX_RESULTS).indexQuery());
    }
}
