package io.sagitta.bench.load;

/**
 * The unmeasured first part of a run ({@code --warmup D}): the workload's own operations, over the same
 * associations and connections, for D, then the measured run. Warm-up operations are recorded apart, as
 * {@code warmup-<operation>}: printed and failing the run on errors like any other, but left out of the
 * comparisons, charts and studies-per-day lines, as seeding is.
 *
 * <p>Why: both JVMs compile their hot paths during a run's first seconds. The server's compilation is what a
 * cold server costs; this tool's is not, and on a machine where the tool shares its core with its own
 * compiler threads, those threads delay the tool's reading of responses and so add to the latencies it
 * measures (bench/RESULTS.md, session 9: a frame run's p99 went from 5-8 ms to 1.6-3.4 ms with the tool's
 * C2 compiler off). Ingest workloads warm up on studies of their own, never the measured ones, so the
 * measured stores are all first stores.
 */
final class Warmup {

    static final String PREFIX = "warmup-";

    private Warmup() {
    }

    /** The name a warm-up operation is recorded under. */
    static String name(String operation) {
        return PREFIX + operation;
    }

    /** How long the warm-up of a run without a rate lasts. */
    static LoadRunner.Limit limit(LoadOptions o) {
        return LoadRunner.Limit.duration(o.warmupNanos());
    }

    /**
     * Runs {@code op} on {@code lanes} lanes for the warm-up (when asked), then for {@code limit} into a new
     * {@code name} entry: the shape of every read workload.
     */
    static void thenMeasure(LoadSession session, int lanes, LoadRunner.Operation op, String name,
                            boolean countsStudies, LoadRunner.Limit limit) {
        if (session.options().warmsUp()) {
            session.await(session.start(lanes, limit(session.options()), op, session.stats(name(name), countsStudies)));
        }
        session.await(session.start(lanes, limit, op, session.stats(name, countsStudies)));
    }

    /**
     * Where the next phase's fresh studies begin after an ingest phase that started at study {@code first}
     * on {@code lanes} lanes (operation k of a phase stores instance k of it). Past what the phase recorded,
     * by a lane's worth: at the deadline a lane may start an operation whose predecessor another lane no
     * longer started.
     */
    static int nextFreshStudy(int first, OperationStats ingest, int lanes, int operationsPerStudy) {
        long operations = ingest.succeeded() + ingest.errorCount() + lanes;
        return Math.addExact(first, (int) (operations / operationsPerStudy + 1));
    }

    /** Whether the entry is part of what a run measures (not seeding, not warm-up). */
    static boolean measured(OperationStats s) {
        return !s.name().startsWith("seed-") && !s.name().startsWith(PREFIX);
    }
}
