package io.sagitta.bench.load;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Runs an operation over N lanes: each lane starts the next operation when its previous one ended,
 * until {@code count} operations were started or the deadline passed. With a rate, operation k does
 * not start before {@code start + k / rate} (an open-loop ingest; the lanes bound what is in flight).
 *
 * <p>Operations are asynchronous (they return futures completed on the drivers' event loops); the
 * runner never blocks those threads. An operation that completes before it returns, or a lane that
 * must wait for the rate, continues on the runner's own scheduler thread so that stacks stay flat.
 */
public final class LoadRunner implements AutoCloseable {

    /** One operation: {@code lane} is 0..lanes-1, {@code sequence} counts the operations started. */
    @FunctionalInterface
    public interface Operation {
        CompletableFuture<Outcome> run(int lane, long sequence);
    }

    /** When to stop: after {@code count} operations (or none: {@code Long.MAX_VALUE}), or after {@code durationNanos}. */
    public record Limit(long count, long durationNanos, double ratePerSecond) {

        public static Limit count(long count) {
            return new Limit(count, Long.MAX_VALUE, 0);
        }

        public static Limit duration(long nanos) {
            return new Limit(Long.MAX_VALUE, nanos, 0);
        }

        public Limit withRate(double perSecond) {
            return new Limit(count, durationNanos, perSecond);
        }
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-runner");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code op} on {@code lanes} lanes into {@code stats}; the future completes when every lane is done. */
    public CompletableFuture<Void> run(int lanes, Limit limit, Operation op, OperationStats stats) {
        return run(lanes, limit, op, sequence -> stats, List.of(stats));
    }

    /** As {@link #run(int, Limit, Operation, OperationStats)}, operation k recorded into {@code statsOf(k)}, one of {@code all}. */
    public CompletableFuture<Void> run(int lanes, Limit limit, Operation op, LongFunction<OperationStats> statsOf,
                                       List<OperationStats> all) {
        long start = System.nanoTime();
        all.forEach(s -> s.start(start));
        Run run = new Run(op, statsOf, limit, start, lanes);
        for (int lane = 0; lane < lanes; lane++) {
            int l = lane;
            scheduler.execute(() -> run.next(l));
        }
        return run.done.whenComplete((v, t) -> {
            long end = System.nanoTime();
            all.forEach(s -> s.stop(end));
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private final class Run {
        final Operation op;
        final LongFunction<OperationStats> stats;
        final Limit limit;
        final long start;
        final boolean timed;
        final long deadline;
        final AtomicLong tickets = new AtomicLong();
        final AtomicInteger lanesLeft;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Run(Operation op, LongFunction<OperationStats> stats, Limit limit, long start, int lanes) {
            this.op = op;
            this.stats = stats;
            this.limit = limit;
            this.start = start;
            // nanoTime may be any long: compare differences, and only when there is a deadline at all.
            this.timed = limit.durationNanos() != Long.MAX_VALUE;
            this.deadline = start + (timed ? limit.durationNanos() : 0);
            this.lanesLeft = new AtomicInteger(lanes);
        }

        void next(int lane) {
            long now = System.nanoTime();
            long ticket = tickets.getAndIncrement();
            if (ticket >= limit.count() || timed && now - deadline >= 0) {
                if (lanesLeft.decrementAndGet() == 0) {
                    done.complete(null);
                }
                return;
            }
            if (limit.ratePerSecond() > 0) {
                long due = start + (long) (ticket * 1e9 / limit.ratePerSecond());
                if (due - now > 0) {
                    if (timed && due - deadline >= 0) {
                        // Would start after the end: this lane is done.
                        if (lanesLeft.decrementAndGet() == 0) {
                            done.complete(null);
                        }
                        return;
                    }
                    scheduler.schedule(() -> start(lane, ticket), due - now, TimeUnit.NANOSECONDS);
                    return;
                }
            }
            start(lane, ticket);
        }

        void start(int lane, long ticket) {
            long began = System.nanoTime();
            CompletableFuture<Outcome> f;
            try {
                f = op.run(lane, ticket);
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(Outcome.error("client-" + e.getClass().getSimpleName(),
                    String.valueOf(e.getMessage())));
            }
            boolean synchronous = f.isDone();
            f.whenComplete((outcome, failure) -> {
                long ended = System.nanoTime();
                stats.apply(ticket).record(outcome != null ? outcome : failed(failure), began, ended);
                if (synchronous) {
                    scheduler.execute(() -> next(lane));
                } else {
                    next(lane);
                }
            });
        }
    }

    private static Outcome failed(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return Outcome.error("exception-" + t.getClass().getSimpleName(), String.valueOf(t.getMessage()));
    }
}
