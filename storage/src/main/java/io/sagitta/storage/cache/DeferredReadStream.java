package io.sagitta.storage.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.function.Supplier;

/**
 * A read stream whose source is known only later (a cache lookup decides whether the items come
 * from memory or from the index). Handlers and demand set before the source arrives are handed on
 * to it; like the index's own streams, nothing starts until a handler is set, and setting it back
 * to null cancels. A failure to open waits for an exception handler, as the end waits for its own.
 */
final class DeferredReadStream<T> implements ReadStream<T> {

    private final Context context;
    private final Supplier<Future<ReadStream<T>>> opener;
    private ReadStream<T> source;
    private boolean opened;
    private boolean cancelled;
    private Throwable openFailure;
    private Handler<T> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    /** Items asked for before the source arrived; Long.MAX_VALUE while flowing. */
    private long demand = Long.MAX_VALUE;

    /** State is confined to {@code context}: calls from other threads are posted to it, in order. */
    DeferredReadStream(Context context, Supplier<Future<ReadStream<T>>> opener) {
        this.context = context;
        this.opener = opener;
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    @Override
    public ReadStream<T> handler(Handler<T> handler) {
        onContext(() -> {
            this.handler = handler;
            if (source != null) {
                source.handler(handler);
            } else if (handler == null) {
                cancelled = opened;
            } else if (!opened) {
                open();
            }
        });
        return this;
    }

    private void open() {
        opened = true;
        opener.get().onComplete(ar -> onContext(() -> {
            if (cancelled) {
                return; // a source that was never given a handler has not started
            }
            if (ar.failed()) {
                openFailure = ar.cause();
                failIfHandled();
                return;
            }
            ReadStream<T> s = ar.result();
            source = s;
            s.exceptionHandler(exceptionHandler);
            s.endHandler(endHandler);
            if (demand != Long.MAX_VALUE) {
                s.pause();
                if (demand > 0) {
                    s.fetch(demand);
                }
            }
            s.handler(handler);
        }));
    }

    @Override
    public ReadStream<T> pause() {
        onContext(() -> {
            demand = 0;
            if (source != null) {
                source.pause();
            }
        });
        return this;
    }

    @Override
    public ReadStream<T> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<T> fetch(long amount) {
        onContext(() -> {
            demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
            if (source != null) {
                source.fetch(amount);
            }
        });
        return this;
    }

    @Override
    public ReadStream<T> endHandler(Handler<Void> endHandler) {
        onContext(() -> {
            this.endHandler = endHandler;
            if (source != null) {
                source.endHandler(endHandler);
            }
        });
        return this;
    }

    @Override
    public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
        onContext(() -> {
            this.exceptionHandler = handler;
            if (source != null) {
                source.exceptionHandler(handler);
            }
            failIfHandled();
        });
        return this;
    }

    private void failIfHandled() {
        if (openFailure != null && exceptionHandler != null) {
            Throwable failure = openFailure;
            openFailure = null;
            exceptionHandler.handle(failure);
        }
    }
}
