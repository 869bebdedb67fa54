package io.sagitta.storage.index.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A Reactive Streams {@link Publisher} read as a Vert.x {@link ReadStream}.
 *
 * <p>All state lives on one Vert.x context: the subscriber's signals, which arrive on the
 * publisher's threads, are posted to it in order. Demand follows the Vert.x side: nothing is
 * requested upstream while the stream is paused, and while it flows at most {@code batch} items
 * are requested ahead, topped up once half of them have been handed on, so a slow consumer holds
 * back the database cursor rather than filling memory.
 *
 * <p>The publisher is subscribed when a handler is set; setting the handler to null cancels it.
 * After an error the items already received are delivered first, then the exception handler runs.
 */
final class PublisherReadStream<T> implements ReadStream<T>, Subscriber<T> {

    private final Context context;
    private final Publisher<T> publisher;
    private final int batch;

    // Confined to the context's thread.
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private Handler<T> handler;
    private Handler<Throwable> exceptionHandler;
    private Handler<Void> endHandler;
    private long demand = Long.MAX_VALUE;
    private long outstanding;
    private Subscription subscription;
    private boolean subscribed;
    private boolean completed;
    private Throwable failure;
    private boolean terminated;
    private boolean draining;

    PublisherReadStream(Context context, Publisher<T> publisher, int batch) {
        this.context = context;
        this.publisher = publisher;
        this.batch = Math.max(1, batch);
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    // ------------------------------------------------------------ ReadStream (Vert.x side)

    @Override
    public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
        onContext(() -> {
            this.exceptionHandler = handler;
            drain();
        });
        return this;
    }

    @Override
    public ReadStream<T> handler(Handler<T> handler) {
        onContext(() -> {
            this.handler = handler;
            if (handler == null) {
                cancel();
            } else if (!subscribed) {
                subscribed = true;
                publisher.subscribe(this);
            } else {
                drain();
            }
        });
        return this;
    }

    @Override
    public ReadStream<T> pause() {
        onContext(() -> demand = 0);
        return this;
    }

    @Override
    public ReadStream<T> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<T> fetch(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("negative fetch: " + amount);
        }
        onContext(() -> {
            demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
            drain();
        });
        return this;
    }

    @Override
    public ReadStream<T> endHandler(Handler<Void> handler) {
        onContext(() -> {
            this.endHandler = handler;
            drain();
        });
        return this;
    }

    // ------------------------------------------------------------ Subscriber (publisher side)

    @Override
    public void onSubscribe(Subscription s) {
        context.runOnContext(v -> {
            if (terminated) {
                s.cancel();
                return;
            }
            subscription = s;
            drain();
        });
    }

    @Override
    public void onNext(T item) {
        context.runOnContext(v -> {
            if (terminated) {
                return;
            }
            outstanding--;
            queue.add(item);
            drain();
        });
    }

    @Override
    public void onError(Throwable error) {
        context.runOnContext(v -> {
            failure = ReactiveBridge.translate(error);
            drain();
        });
    }

    @Override
    public void onComplete() {
        context.runOnContext(v -> {
            completed = true;
            drain();
        });
    }

    // ------------------------------------------------------------ on the context

    private void cancel() {
        if (!terminated) {
            terminated = true;
            queue.clear();
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    private void drain() {
        if (draining) {
            return; // a handler fetched re-entrantly: the outer loop carries on
        }
        draining = true;
        try {
            while (!terminated && handler != null && demand > 0 && !queue.isEmpty()) {
                T item = queue.poll();
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                handler.handle(item);
            }
            if (terminated || !subscribed) {
                return;
            }
            // The end and a failure wait for their handler. Called from another thread (a test's,
            // a tool's), handler(), endHandler() and exceptionHandler() arrive here as separate
            // tasks, and a short result can complete between the first and the others: delivering
            // the end to a handler not yet set lost it, and the caller waited forever.
            if (queue.isEmpty() && failure != null) {
                Handler<Throwable> h = exceptionHandler != null ? exceptionHandler : context.exceptionHandler();
                if (h != null) {
                    terminated = true;
                    h.handle(failure);
                }
                return;
            }
            if (queue.isEmpty() && completed) {
                if (endHandler != null) {
                    terminated = true;
                    endHandler.handle(null);
                }
                return;
            }
            requestMore();
        } finally {
            draining = false;
        }
    }

    private void requestMore() {
        if (subscription == null || completed || failure != null || demand == 0) {
            return;
        }
        long pending = queue.size() + outstanding;
        if (pending <= batch / 2) {
            long more = batch - pending;
            outstanding += more;
            subscription.request(more);
        }
    }
}
