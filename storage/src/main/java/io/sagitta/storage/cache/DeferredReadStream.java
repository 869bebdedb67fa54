package io.sagitta.storage.cache;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import java.util.function.Supplier;

/**
 * A read stream whose source is known only later (a cache lookup decides whether the items come
 * from memory or from the index). Handlers and demand set before the source arrives are handed on
 * to it; like the index's own streams, nothing starts until a handler is set, and setting it back
 * to null cancels. Used on one Vert.x context, as every read stream is.
 */
final class DeferredReadStream<T> implements ReadStream<T> {

    private final Supplier<Future<ReadStream<T>>> opener;
    private ReadStream<T> source;
    private boolean opened;
    private boolean cancelled;
    private Handler<T> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    /** Items asked for before the source arrived; Long.MAX_VALUE while flowing. */
    private long demand = Long.MAX_VALUE;

    DeferredReadStream(Supplier<Future<ReadStream<T>>> opener) {
        this.opener = opener;
    }

    @Override
    public ReadStream<T> handler(Handler<T> handler) {
        this.handler = handler;
        if (source != null) {
            source.handler(handler);
        } else if (handler == null) {
            cancelled = opened;
        } else if (!opened) {
            open();
        }
        return this;
    }

    private void open() {
        opened = true;
        opener.get().onComplete(ar -> {
            if (cancelled) {
                return; // a source that was never given a handler has not started
            }
            if (ar.failed()) {
                if (exceptionHandler != null) {
                    exceptionHandler.handle(ar.cause());
                }
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
        });
    }

    @Override
    public ReadStream<T> pause() {
        demand = 0;
        if (source != null) {
            source.pause();
        }
        return this;
    }

    @Override
    public ReadStream<T> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<T> fetch(long amount) {
        demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
        if (source != null) {
            source.fetch(amount);
        }
        return this;
    }

    @Override
    public ReadStream<T> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        if (source != null) {
            source.endHandler(endHandler);
        }
        return this;
    }

    @Override
    public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        if (source != null) {
            source.exceptionHandler(handler);
        }
        return this;
    }
}
