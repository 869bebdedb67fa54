package io.sagitta.bench.load;

import io.sagitta.bench.data.SyntheticStudies;

/** C-STORE of every generated instance over {@code --concurrency} associations, one instance per operation. */
final class StoreWorkload implements Workload {

    @Override
    public void run(LoadSession session) {
        LoadOptions o = session.options();
        session.await(storeAll(session, "store", 0, o.studies(), o.concurrency()));
    }

    /** Stores studies {@code first .. first + count - 1}; used by seeding too. */
    static java.util.concurrent.CompletableFuture<Void> storeAll(LoadSession session, String name, int first,
                                                                 int count, int lanes) {
        SyntheticStudies studies = session.studies();
        DimseDriver dimse = session.dimse(lanes);
        int perStudy = studies.instancesPerStudy();
        long total = (long) count * perStudy;
        LoadOptions o = session.options();
        LoadRunner.Limit limit = o.durationNanos() > 0 && o.workload().ingestOnly()
            ? new LoadRunner.Limit(total, o.durationNanos(), 0) : LoadRunner.Limit.count(total);
        return session.start(lanes, limit, (lane, seq) -> dimse.store(lane,
            studies.instance(first + (int) (seq / perStudy), (int) (seq % perStudy))), session.stats(name, true));
    }
}
