package io.sagitta.storage.index.impl;

import io.netty.util.ReferenceCounted;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.sagitta.storage.index.IndexException;
import io.sagitta.storage.index.IndexUnavailableException;
import io.sagitta.storage.index.InvalidQueryException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one place where Reactive Streams (R2DBC, on reactor-netty's threads) meet Vert.x: a
 * {@link Publisher} of one value becomes a {@link Future}, a publisher of many a
 * {@link ReadStream} with back-pressure ({@link PublisherReadStream}). Every completion, item and
 * failure is handed to the caller's Vert.x context with {@code runOnContext}, so Vert.x code never
 * runs on a driver thread and nothing ever waits: there is no {@code block()} anywhere.
 * Database errors are translated here, once, into the index's exceptions.
 */
public final class ReactiveBridge {

    private ReactiveBridge() {
    }

    /** The first value of {@code publisher} (null if it completes empty), delivered on {@code context}. */
    public static <T> Future<T> future(Context context, Publisher<T> publisher) {
        Promise<T> promise = Promise.promise();
        Mono.from(publisher).doOnDiscard(ReferenceCounted.class, ReactiveBridge::releaseDiscarded).subscribe(
            value -> context.runOnContext(v -> promise.tryComplete(value)),
            error -> context.runOnContext(v -> promise.tryFail(translate(error))),
            () -> context.runOnContext(v -> promise.tryComplete()));
        return promise.future();
    }

    /**
     * The values of {@code publisher} as a Vert.x stream on {@code context}, requested {@code batch} at a time.
     *
     * <p>Both bridges release what the driver discards. A stream cancelled half-way (C-CANCEL, a client gone) has rows
     * in flight inside the driver, each holding a slice of a pooled network buffer; the driver drops them without
     * releasing them (r2dbc-postgresql issues 580 and 661), which leaks that memory for good. Reactor hands discarded
     * elements to the hook of the subscriber's context, and ours is the context the driver's operators see.
     */
    public static <T> ReadStream<T> readStream(Context context, Publisher<T> publisher, int batch) {
        return new PublisherReadStream<>(context, Flux.from(publisher).doOnDiscard(ReferenceCounted.class,
            ReactiveBridge::releaseDiscarded), batch);
    }

    /**
     * Releases what an operator dropped. Where the driver's own discard hook reaches too, it runs first (Reactor runs
     * the innermost hook first) and has released it already: releasing again would fail.
     */
    private static void releaseDiscarded(ReferenceCounted discarded) {
        if (discarded.refCnt() > 0) {
            discarded.release();
        }
    }

    /** The index's exception for a failure of the driver or pool. */
    public static Throwable translate(Throwable error) {
        if (error instanceof IndexException || error instanceof InvalidQueryException || error instanceof Error) {
            return error;
        }
        String message = describe(error);
        if (isUnavailable(error)) {
            return new IndexUnavailableException("index database unavailable: " + message, error);
        }
        return new IndexException("index database error: " + message, error);
    }

    private static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof R2dbcTimeoutException
                || t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
                || t.getClass().getName().equals("reactor.pool.PoolAcquireTimeoutException")
                || t.getClass().getName().startsWith("io.netty.channel.")) {
                return true;
            }
            if (t instanceof R2dbcException) {
                String state = ((R2dbcException) t).getSqlState();
                // 08: connection exception; 57P: operator intervention (admin shutdown, crash recovery)
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
            }
            if (t.getMessage() != null && t.getMessage().contains("Connection closed")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String own = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        // Reactor's timeouts name the publisher that was waited for, and the pool's is the connection factory
        // with its whole configuration (host, port, user): not for a client's error message.
        if (root == error || root.getMessage() == null || own.contains(root.getMessage()) || root instanceof TimeoutException) {
            return own;
        }
        return own + " (" + root.getMessage() + ")";
    }
}
