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
        session.await(stowAll(session, "stow", 0, o.studies(), o.concurrency(), o.batch()));
    }

    static CompletableFuture<Void> stowAll(LoadSession session, String name, int first, int count, int lanes,
                                           int batch) {
        SyntheticStudies studies = session.studies();
        HttpDriver http = session.http();
        int perStudy = studies.instancesPerStudy();
        int requestsPerStudy = (perStudy + batch - 1) / batch;
        long total = (long) count * requestsPerStudy;
        LoadOptions o = session.options();
        LoadRunner.Limit limit = o.durationNanos() > 0 && o.workload().ingestOnly()
            ? new LoadRunner.Limit(total, o.durationNanos(), 0) : LoadRunner.Limit.count(total);
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
}
