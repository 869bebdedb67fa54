package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.StoreResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Records instances in the index in batches (group commit). A store that finds a free slot (and its
 * study in no running call) runs at once, alone; stores that cannot run at once wait and go
 * together in the next call ({@link StoreCall}), one statement and one commit for all of them. So a
 * lone store waits for nothing, and under load the cost of a round trip, a transaction and a commit
 * is shared.
 *
 * <p>A study is in at most one call at a time ({@link StudyQueue}): its stores that arrive meanwhile
 * wait for the next batch rather than for the row lock of the running call. Every batch is sorted by
 * Study and SOP Instance UID, so that concurrent batches (and deletes) lock rows in one order. If a
 * batch fails as a whole (a deadlock with a delete, a series that another store put in another study a
 * moment ago), each of its records runs again alone, so one bad record fails only itself; a record
 * alone is run again when PostgreSQL reports a deadlock or a serialization failure. Results are
 * delivered on each caller's own context. A slot keeps its connection while stores keep coming
 * ({@link #run}).
 */
final class StoreBatcher {

    /** At most this many instances in one call: bounds a transaction's locks and its arrays. */
    static final int MAX_BATCH = 64;
    /**
     * At most this many calls at once: more would only queue on the study rows and the WAL. (The database's store
     * pool, which queries do not use, has room for these and for the lone reruns of a failed batch.)
     */
    static final int MAX_IN_FLIGHT = 2;
    private static final int ATTEMPTS_ALONE = 4;
    /** A busy spell hands its connection back after this many calls, so the pool's life limit still applies. */
    static final int MAX_CALLS_PER_CONNECTION = 1000;
    private static final Comparator<Pending> LOCK_ORDER = Comparator
        .comparing((Pending p) -> p.record().studyInstanceUid())
        .thenComparing(p -> p.record().sopInstanceUid());

    private record Pending(InstanceRecord record, Context context, Promise<StoreResult> promise) {

        void complete(Object outcome) {
            context.runOnContext(v -> {
                if (outcome instanceof StoreResult result) {
                    promise.tryComplete(result);
                } else {
                    promise.tryFail(ReactiveBridge.translate((Throwable) outcome));
                }
            });
        }
    }

    private final ConnectionFactory connections;
    private final StudyQueue<Pending> waiting = new StudyQueue<>(p -> p.record().studyInstanceUid());
    private int inFlight; // guarded by this

    StoreBatcher(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** Records {@code record}; the future completes on {@code context}. */
    Future<StoreResult> submit(Context context, InstanceRecord record) {
        Promise<StoreResult> promise = Promise.promise();
        waiting.add(new Pending(record, context, promise));
        startBatches();
        return promise.future();
    }

    /** Starts a call for the waiting stores while a slot is free (any thread may run this). */
    private void startBatches() {
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                if (inFlight >= MAX_IN_FLIGHT) {
                    return; // the call that ends next starts the waiting ones
                }
                batch = waiting.take(MAX_BATCH);
                if (batch.isEmpty()) {
                    return; // nothing, or only stores of studies in a call, which start them when they end
                }
                inFlight++;
            }
            run(batch);
        }
    }

    /**
     * Runs {@code first} in a slot, then, on the same connection, whatever can be taken meanwhile, until
     * nothing can (or {@link #MAX_CALLS_PER_CONNECTION}): under load the pool's acquire, validation and
     * release, which cost as much CPU as a call, are paid once per busy spell instead of once per call.
     * A failed batch ends the spell: its connection goes back to the pool (which checks it) and its
     * records run again alone.
     */
    private void run(List<Pending> first) {
        Deque<List<Pending>> unstarted = new ArrayDeque<>(List.of(first));
        int[] calls = {0};
        Mono.usingWhen(connections.create(),
                connection -> Mono.defer(() -> {
                    List<Pending> batch = unstarted.isEmpty() ? waiting.take(MAX_BATCH) : unstarted.poll();
                    return batch.isEmpty() ? Mono.<Void>empty() : settled(batch, runOn(connection, batch));
                }).repeat(() -> ++calls[0] < MAX_CALLS_PER_CONNECTION && waiting.hasTakeable()).then(),
                Connection::close)
            // No connection at all: the first batch has not run; its records try alone (and fail clearly).
            .onErrorResume(e -> {
                List<Pending> batch = unstarted.poll();
                return batch == null ? Mono.empty() : settled(batch, Flux.fromIterable(batch).concatMap(this::alone).then());
            })
            .doFinally(signal -> {
                synchronized (this) {
                    inFlight--;
                }
                startBatches();
            })
            .subscribe();
    }

    /**
     * {@code work} on {@code batch}, whose studies are given back as soon as it ends, before the spell
     * takes its next batch (a {@code doFinally} would run only after the spell's next subscription).
     */
    private Mono<Void> settled(List<Pending> batch, Mono<Void> work) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                waiting.release(batch); // once: a second release could free a study another batch holds by then
            }
        };
        return work.doOnTerminate(release).doOnCancel(release);
    }

    private Mono<Void> runOn(Connection connection, List<Pending> batch) {
        batch.sort(LOCK_ORDER);
        return new StoreCall(batch.stream().map(Pending::record).toList()).run(connection)
            .doOnNext(outcomes -> deliver(batch, outcomes)).then()
            .onErrorResume(failed -> Flux.fromIterable(batch).concatMap(this::alone).then(Mono.error(failed)));
    }

    /** One record in its own call, run again after a deadlock or serialization failure. */
    private Mono<Void> alone(Pending p) {
        return call(List.of(p))
            .retryWhen(Retry.max(ATTEMPTS_ALONE - 1).filter(StoreBatcher::isTransientConflict)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
            .doOnNext(outcomes -> p.complete(outcomes.get(0)))
            .doOnError(p::complete)
            .onErrorResume(e -> Mono.empty())
            .then();
    }

    private Mono<List<Object>> call(List<Pending> batch) {
        List<InstanceRecord> records = batch.stream().map(Pending::record).toList();
        return Mono.defer(() -> Mono.usingWhen(connections.create(), new StoreCall(records)::run, Connection::close));
    }

    private static void deliver(List<Pending> batch, List<Object> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(outcomes.get(i));
        }
    }

    /** A deadlock (40P01) or serialization failure (40001): nothing was written, so it may be run again. */
    static boolean isTransientConflict(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException e
                && ("40P01".equals(e.getSqlState()) || "40001".equals(e.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}
