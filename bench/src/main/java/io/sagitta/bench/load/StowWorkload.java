package io.sagitta.bench.load;

import io.sagitta.bench.data.GeneratedInstance;
import io.sagitta.bench.data.SyntheticStudies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * STOW-RS of every generated instance over {@code --concurrency} HTTP connections, {@code --batch}
 * instances of one study per request (by default the whole study).
 */
final class StowWorkload implements Workload {

    @Override
    public void run(LoadSession session) {
        LoadOptions o = session.options();
        if (o.warmsUp()) {
            // Studies past the measured ones, so that every measured store is a first store.
            session.await(stow(session, Warmup.name("stow"), o.studies(), o.concurrency(), o.batch(),
                Warmup.limit(o)));
        }
        session.await(stowAll(session, "stow", 0, o.studies(), o.concurrency(), o.batch()));
    }

    /** Stores studies {@code first .. first + count - 1}; used by seeding too. */
    static CompletableFuture<Void> stowAll(LoadSession session, String name, int first, int count, int lanes,
                                           int batch) {
        long total = (long) count * requestsPerStudy(session, batch);
        return stow(session, name, first, lanes, batch, session.options().ingestLimit(total));
    }

    /** Sends the instances of studies {@code first, first + 1, ...} in order, {@code batch} per request, within {@code limit}. */
    static CompletableFuture<Void> stow(LoadSession session, String name, int first, int lanes, int batch,
                                        LoadRunner.Limit limit) {
        SyntheticStudies studies = session.studies();
        HttpDriver http = session.http();
        int perStudy = studies.instancesPerStudy();
        int requestsPerStudy = requestsPerStudy(session, batch);
        return session.start(lanes, limit, (lane, seq) -> {
            int study = first + (int) (seq / requestsPerStudy);
            int from = (int) (seq % requestsPerStudy) * batch;
            List<GeneratedInstance> instances = new ArrayList<>();
            for (int i = from; i < Math.min(perStudy, from + batch); i++) {
                instances.add(studies.instance(study, i));
            }
            return http.stow(instances);
        }, session.stats(name, true));
    }

    private static int requestsPerStudy(LoadSession session, int batch) {
        return (session.studies().instancesPerStudy() + batch - 1) / batch;
    }
}
