package io.sagitta.bench.load;

import io.sagitta.bench.data.GeneratedInstance;
import io.sagitta.bench.data.SyntheticStudies;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ingest while viewers read: after seeding, new studies are stored at {@code --rate} instances/s
 * (C-STORE over {@code --concurrency} associations when the target has a DIMSE address, else STOW-RS
 * of one instance per request) while {@code --viewers} clients retrieve the seeded studies whole,
 * both for the run's duration.
 */
final class MixedWorkload implements Workload {

    @Override
    public void run(LoadSession session) {
        Seeding.seed(session);
        LoadOptions o = session.options();
        SyntheticStudies studies = session.studies();
        int perStudy = studies.instancesPerStudy();
        int first = o.studies();
        LoadRunner.Limit limit = o.readLimit().withRate(o.rate());
        CompletableFuture<Void> ingest;
        if (session.target().hasDicom() && !"stow".equals(o.seedVia())) {
            DimseDriver dimse = session.dimse(o.concurrency());
            ingest = session.start(o.concurrency(), limit, (lane, seq) -> dimse.store(lane,
                studies.instance(first + (int) (seq / perStudy), (int) (seq % perStudy))),
                session.stats("ingest-store", true));
        } else {
            HttpDriver http = session.http();
            ingest = session.start(o.concurrency(), limit, (lane, seq) -> {
                GeneratedInstance i = studies.instance(first + (int) (seq / perStudy), (int) (seq % perStudy));
                return http.stow(List.of(i));
            }, session.stats("ingest-stow", true));
        }
        CompletableFuture<Void> viewers = WadoStudyWorkload.retrieve(session, "viewer-wado-study", o.viewers(),
            o.readLimit());
        session.await(ingest, viewers);
    }
}
