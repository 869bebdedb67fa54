package io.sagitta.bench.load;

import io.sagitta.bench.data.SyntheticStudies;

/**
 * WADO-RS whole-study retrieval after seeding: each operation reads one stored study to the end as
 * {@code multipart/related; type="application/dicom"}, which must hold one part per instance.
 */
final class WadoStudyWorkload implements Workload {

    static final String ACCEPT = "multipart/related; type=\"application/dicom\"";

    @Override
    public void run(LoadSession session) {
        Seeding.seed(session);
        LoadOptions o = session.options();
        if (o.warmsUp()) {
            session.await(retrieve(session, Warmup.name("wado-study"), o.concurrency(), Warmup.limit(o)));
        }
        session.await(retrieve(session, "wado-study", o.concurrency(), o.readLimit()));
    }

    /** Retrieves the seeded studies in turn; used by the mixed workload's viewers too. */
    static java.util.concurrent.CompletableFuture<Void> retrieve(LoadSession session, String name, int lanes,
                                                                 LoadRunner.Limit limit) {
        SyntheticStudies studies = session.studies();
        int count = session.options().studies();
        int perStudy = studies.instancesPerStudy();
        // Each part carries at least the data set; the archive may add or rewrite the File Meta Information.
        long minBytes = (long) perStudy * studies.instance(0, 0).datasetLength();
        HttpDriver http = session.http();
        return session.start(lanes, limit, (lane, seq) -> http.getMultipart(
            "/studies/" + studies.studyUid((int) (seq % count)), ACCEPT, perStudy, minBytes, perStudy),
            session.stats(name, true));
    }
}
