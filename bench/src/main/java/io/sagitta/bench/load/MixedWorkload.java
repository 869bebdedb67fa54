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
        int first = o.studies();
        if (o.warmsUp()) {
            OperationStats warmIngest = phase(session, Warmup.PREFIX, first,
                Warmup.limit(o).withRate(o.rate()));
            first = Warmup.nextFreshStudy(first, warmIngest, o.concurrency(), session.studies().instancesPerStudy());
        }
        phase(session, "", first, o.readLimit().withRate(o.rate()));
    }

    /**
     * Ingests new studies from {@code first} on at the limit's rate while the viewers read, both within
     * {@code limit}, recorded under names after {@code prefix}; answers the ingest's statistics.
     */
    private static OperationStats phase(LoadSession session, String prefix, int first, LoadRunner.Limit limit) {
        LoadOptions o = session.options();
        SyntheticStudies studies = session.studies();
        int perStudy = studies.instancesPerStudy();
        CompletableFuture<Void> ingest;
        OperationStats ingestStats;
        if (session.target().hasDicom() && !"stow".equals(o.seedVia())) {
            DimseDriver dimse = session.dimse(o.concurrency());
            ingestStats = session.stats(prefix + "ingest-store", true);
            ingest = session.start(o.concurrency(), limit, (lane, seq) -> dimse.store(lane,
                studies.instance(first + (int) (seq / perStudy), (int) (seq % perStudy))), ingestStats);
        } else {
            HttpDriver http = session.http();
            ingestStats = session.stats(prefix + "ingest-stow", true);
            ingest = session.start(o.concurrency(), limit, (lane, seq) -> {
                GeneratedInstance i = studies.instance(first + (int) (seq / perStudy), (int) (seq % perStudy));
                return http.stow(List.of(i));
            }, ingestStats);
        }
        CompletableFuture<Void> viewers = WadoStudyWorkload.retrieve(session, prefix + "viewer-wado-study", o.viewers(),
            limit.withRate(0));
        session.await(ingest, viewers);
        return ingestStats;
    }
}
