package io.sagitta.bench.load;

import io.sagitta.bench.data.SyntheticStudies;
import io.vertx.core.json.JsonArray;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * QIDO-RS study searches after seeding, three kinds in turn, each checked and reported apart:
 * the study list ({@code limit=100}, at least one result), a wildcard patient name matching exactly
 * this run's studies, and a StudyDate range over the first half of 2024 within this run's patients
 * (exactly the studies the generator dated there).
 */
final class QidoWorkload implements Workload {

    static final int LIST_LIMIT = 100;
    static final LocalDate RANGE_END = LocalDate.of(2024, 6, 30);

    @Override
    public void run(LoadSession session) {
        Seeding.seed(session);
        SyntheticStudies studies = session.studies();
        LoadOptions o = session.options();
        int all = o.studies();
        long inRange = 0;
        for (int s = 0; s < all; s++) {
            if (!studies.studyDate(s).isAfter(RANGE_END)) {
                inRange++;
            }
        }
        long expectedInRange = inRange;
        String name = enc(studies.patientPrefix() + "*");
        String byName = "/studies?PatientName=" + name + "&limit=" + all;
        String byDate = "/studies?PatientName=" + name + "&StudyDate=20240101-20240630&limit=" + all;
        String list = "/studies?limit=" + LIST_LIMIT;
        HttpDriver http = session.http();
        LoadRunner.Operation query = (lane, seq) -> {
            switch ((int) (seq % 3)) {
                case 0:
                    return http.getJsonArray(list, results -> expect(results, 1, LIST_LIMIT, list));
                case 1:
                    return http.getJsonArray(byName, results -> expect(results, all, all, byName));
                default:
                    return http.getJsonArray(byDate, results -> expect(results, expectedInRange, expectedInRange, byDate));
            }
        };
        if (o.warmsUp()) {
            queries(session, query, Warmup.PREFIX, Warmup.limit(o));
        }
        queries(session, query, "", o.readLimit());
    }

    /** Runs the three kinds in turn within {@code limit}, each recorded under its name after {@code prefix}. */
    private static void queries(LoadSession session, LoadRunner.Operation query, String prefix, LoadRunner.Limit limit) {
        OperationStats listStats = session.stats(prefix + "qido-list", false);
        OperationStats nameStats = session.stats(prefix + "qido-name", false);
        OperationStats dateStats = session.stats(prefix + "qido-date", false);
        session.await(session.start(session.options().concurrency(), limit, query,
            seq -> seq % 3 == 0 ? listStats : seq % 3 == 1 ? nameStats : dateStats, List.of(listStats, nameStats, dateStats)));
    }

    private static Outcome expect(JsonArray results, long min, long max, String query) {
        if (results.size() < min || results.size() > max) {
            return Outcome.error("qido-count", query + " gave " + results.size() + " studies, expected "
                + (min == max ? Long.toString(min) : min + ".." + max));
        }
        return Outcome.success(0, 0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
