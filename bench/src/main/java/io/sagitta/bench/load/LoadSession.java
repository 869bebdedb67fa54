package io.sagitta.bench.load;

import io.sagitta.bench.data.SyntheticStudies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;

/**
 * One run against one target: the options, the generated studies, the drivers (opened when first
 * needed, closed at the end) and the statistics of every operation kind, in the order they ran.
 */
public final class LoadSession implements AutoCloseable {

    private final LoadOptions options;
    private final Target target;
    private final SyntheticStudies studies;
    private final LoadRunner runner = new LoadRunner();
    private final List<OperationStats> stats = new CopyOnWriteArrayList<>();
    private final List<OperationStats> running = new CopyOnWriteArrayList<>();
    private DimseDriver dimse;
    private HttpDriver http;

    public LoadSession(LoadOptions options, Target target, SyntheticStudies studies) {
        this.options = options;
        this.target = target;
        this.studies = studies;
    }

    public LoadOptions options() {
        return options;
    }

    public Target target() {
        return target;
    }

    public SyntheticStudies studies() {
        return studies;
    }

    /** The C-STORE driver, its associations opened on first use ({@code lanes} of them). */
    public DimseDriver dimse(int lanes) {
        if (!target.hasDicom()) {
            throw new LoadException("this workload needs a DIMSE target: give --dicom HOST:PORT");
        }
        if (dimse == null) {
            dimse = DimseDriver.open(target, lanes, studies.shape().sopClassUid());
        } else if (dimse.lanes() < lanes) {
            throw new LoadException("internal: DIMSE driver opened with " + dimse.lanes() + " lanes, " + lanes + " wanted");
        }
        return dimse;
    }

    public HttpDriver http() {
        if (!target.hasWeb()) {
            throw new LoadException("this workload needs a DICOMweb target: give --web URL");
        }
        if (http == null) {
            http = new HttpDriver(target.web(), Math.max(options.concurrency(), options.viewers()) + 1);
        }
        return http;
    }

    /** A new statistics entry, reported in the order created. */
    public OperationStats stats(String name, boolean countsStudies) {
        OperationStats s = new OperationStats(name, countsStudies);
        stats.add(s);
        return s;
    }

    /** Runs {@code op} on {@code lanes} lanes into {@code into}. */
    public CompletableFuture<Void> start(int lanes, LoadRunner.Limit limit, LoadRunner.Operation op, OperationStats into) {
        return start(lanes, limit, op, sequence -> into, List.of(into));
    }

    /** Runs {@code op} on {@code lanes} lanes, operation k recorded in {@code statsOf(k)} (one of {@code all}). */
    public CompletableFuture<Void> start(int lanes, LoadRunner.Limit limit, LoadRunner.Operation op,
                                         LongFunction<OperationStats> statsOf, List<OperationStats> all) {
        running.addAll(all);
        return runner.run(lanes, limit, op, statsOf, all).whenComplete((v, t) -> running.removeAll(all));
    }

    /** Waits for runs started with {@link #start}. */
    public void await(CompletableFuture<?>... runs) {
        CompletableFuture.allOf(runs).join();
    }

    public List<OperationStats> results() {
        return new ArrayList<>(stats);
    }

    /** What is running now, for the progress line. */
    public List<OperationStats> running() {
        return new ArrayList<>(running);
    }

    public long errors() {
        long n = 0;
        for (OperationStats s : stats) {
            n += s.errorCount();
        }
        return n;
    }

    @Override
    public void close() {
        runner.close();
        if (dimse != null) {
            dimse.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
