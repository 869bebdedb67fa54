package io.sagitta.bench.load;

import io.sagitta.bench.data.SyntheticStudies;
import java.util.concurrent.CompletableFuture;

/** C-STORE of every generated instance over {@code --concurrency} associations, one instance per operation. */
final class StoreWorkload implements Workload {

    @Override
    public void run(LoadSession session) {
        LoadOptions o = session.options();
        if (o.warmsUp()) {
            // Studies past the measured ones, so that every measured store is a first store.
            session.await(store(session, Warmup.name("store"), o.studies(), o.concurrency(), Warmup.limit(o)));
        }
        session.await(storeAll(session, "store", 0, o.studies(), o.concurrency()));
    }

    /** Stores studies {@code first .. first + count - 1}; used by seeding too. */
    static CompletableFuture<Void> storeAll(LoadSession session, String name, int first, int count, int lanes) {
        long total = (long) count * session.studies().instancesPerStudy();
        return store(session, name, first, lanes, session.options().ingestLimit(total));
    }

    /** Stores the instances of studies {@code first, first + 1, ...} in order, within {@code limit}. */
    static CompletableFuture<Void> store(LoadSession session, String name, int first, int lanes,
                                         LoadRunner.Limit limit) {
        SyntheticStudies studies = session.studies();
        DimseDriver dimse = session.dimse(lanes);
        int perStudy = studies.instancesPerStudy();
        return session.start(lanes, limit, (lane, seq) -> dimse.store(lane,
            studies.instance(first + (int) (seq / perStudy), (int) (seq % perStudy))), session.stats(name, true));
    }
}
