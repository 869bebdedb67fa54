package io.sagitta.bench.cache;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Runs lookups one after the other on an event loop, as a route would make them, and hands the
 * total back to the benchmark thread. A lookup that answers at once (a hit) is followed in the
 * same loop iteration; one that answers later resumes the run from its callback. One hand-over
 * to the event loop and back is paid per run, not per lookup: the benchmark's {@code handOver}
 * measures it.
 */
final class LookupRun {

    private final int count;
    private final IntFunction<Future<Integer>> lookup;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private int next;
    private long items;

    private LookupRun(int count, IntFunction<Future<Integer>> lookup) {
        this.count = count;
        this.lookup = lookup;
    }

    /** Runs {@code lookup(0 .. count-1)} on {@code context}; returns the items they answered. */
    static long on(Context context, int count, IntFunction<Future<Integer>> lookup) {
        LookupRun run = new LookupRun(count, lookup);
        context.runOnContext(v -> run.proceed());
        return run.done.join();
    }

    private void proceed() {
        try {
            while (next < count) {
                Future<Integer> answer = lookup.apply(next++);
                if (!answer.isComplete()) {
                    answer.onComplete(ar -> {
                        if (take(ar)) {
                            proceed();
                        }
                    });
                    return;
                }
                if (!take(answer)) {
                    return;
                }
            }
            done.complete(items);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private boolean take(AsyncResult<Integer> answer) {
        if (answer.failed()) {
            done.completeExceptionally(answer.cause());
            return false;
        }
        items += answer.result();
        return true;
    }
}
