package io.sagitta.server.dimse;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.net.service.FindService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Vert.x {@link ReadStream} of results pulled as {@link FindService.Matches}: the stream runs paused, with
 * at most {@code window} results fetched ahead of the association; each one taken fetches one more. The
 * stream is opened on the first {@link #next()} and cancelled ({@code handler(null)}) by {@link #cancel()}.
 * All state lives on one Vert.x context (the association's event loop when possible).
 */
final class ReadStreamMatches implements FindService.Matches {

    private final Context context;
    private final Supplier<ReadStream<Dataset>> open;
    private final int window;
    private final Function<Dataset, Dataset> response;
    private final Function<Throwable, Throwable> failures;
    private final boolean unsupportedOptionalKeys;

    // Confined to the context.
    private final ArrayDeque<Dataset> queue = new ArrayDeque<>();
    private ReadStream<Dataset> stream;
    private boolean started;
    private CompletableFuture<Dataset> waiting;
    private boolean ended;
    private Throwable failure;
    private boolean cancelled;

    ReadStreamMatches(Context context, Supplier<ReadStream<Dataset>> open, int window, Function<Dataset, Dataset> response,
                      Function<Throwable, Throwable> failures, boolean unsupportedOptionalKeys) {
        this.context = context;
        this.open = open;
        this.window = window;
        this.response = response;
        this.failures = failures;
        this.unsupportedOptionalKeys = unsupportedOptionalKeys;
    }

    @Override
    public CompletionStage<Dataset> next() {
        CompletableFuture<Dataset> next = new CompletableFuture<>();
        onContext(() -> take(next));
        return next;
    }

    @Override
    public void cancel() {
        onContext(() -> {
            if (cancelled) {
                return;
            }
            cancelled = true;
            queue.clear();
            if (stream != null && !ended && failure == null) {
                stream.handler(null);
            }
            if (waiting != null) {
                CompletableFuture<Dataset> w = waiting;
                waiting = null;
                w.complete(null);
            }
        });
    }

    @Override
    public boolean unsupportedOptionalKeys() {
        return unsupportedOptionalKeys;
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void take(CompletableFuture<Dataset> next) {
        if (cancelled) {
            next.complete(null);
            return;
        }
        if (!started) {
            started = true;
            start();
        }
        Dataset result = queue.poll();
        if (result != null) {
            stream.fetch(1);
            deliver(next, result);
        } else if (failure != null) {
            next.completeExceptionally(failure);
        } else if (ended) {
            next.complete(null);
        } else {
            waiting = next;
        }
    }

    private void start() {
        try {
            stream = open.get();
        } catch (RuntimeException e) {
            failure = failures.apply(e);
            ended = true;
            return;
        }
        stream.pause();
        stream.exceptionHandler(this::failed);
        stream.endHandler(v -> ended());
        stream.handler(this::arrived);
        stream.fetch(window);
    }

    private void arrived(Dataset result) {
        if (cancelled) {
            return;
        }
        if (waiting != null) {
            CompletableFuture<Dataset> w = waiting;
            waiting = null;
            stream.fetch(1);
            deliver(w, result);
        } else {
            queue.add(result);
        }
    }

    private void failed(Throwable error) {
        failure = failures.apply(error);
        if (waiting != null) {
            CompletableFuture<Dataset> w = waiting;
            waiting = null;
            w.completeExceptionally(failure);
        }
    }

    private void ended() {
        ended = true;
        if (waiting != null) {
            CompletableFuture<Dataset> w = waiting;
            waiting = null;
            w.complete(null);
        }
    }

    private void deliver(CompletableFuture<Dataset> next, Dataset result) {
        Dataset converted;
        try {
            converted = response.apply(result);
        } catch (RuntimeException e) {
            next.completeExceptionally(failures.apply(e));
            return;
        }
        next.complete(converted);
    }
}
