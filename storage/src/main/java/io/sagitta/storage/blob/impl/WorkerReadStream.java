package io.sagitta.storage.blob.impl;

import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobReadStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * A {@link BlobReadStream} fed by a blocking {@link Source}, read on the store's worker pool one
 * chunk at a time, and only while there is demand: at most one chunk is read ahead of what the
 * consumer asked for, so a slow consumer holds memory at one chunk. All handlers run on the
 * context that created the stream.
 */
public final class WorkerReadStream implements BlobReadStream {

  /** A blocking source of chunks. */
  public interface Source {
    /** The next chunk, or null at the end. Blocking; called on a worker, one call at a time. */
    Buffer read() throws Exception;

    /** Frees the source. Blocking; called on a worker, once. */
    void close() throws Exception;
  }

  private final Context context;
  private final Blocking blocking;
  private final Source source;
  private final BlobInfo info;
  private final long offset;
  private final long length;

  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private boolean reading;
  private boolean eof;
  private boolean done; // ended, failed or closed: no more events
  private Buffer pending;
  private Promise<Void> closed;
  private boolean closing;
  private Throwable failurePending;

  public WorkerReadStream(Vertx vertx, Blocking blocking, Source source, BlobInfo info,
      long offset, long length) {
    this.context = vertx.getOrCreateContext();
    this.blocking = blocking;
    this.source = source;
    this.info = info;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public BlobInfo info() {
    return info;
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public WorkerReadStream exceptionHandler(Handler<Throwable> handler) {
    onContext(() -> {
      this.exceptionHandler = handler;
      if (handler != null && failurePending != null) {
        Throwable cause = failurePending;
        failurePending = null;
        handler.handle(cause);
      }
    });
    return this;
  }

  @Override
  public WorkerReadStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (handler != null) {
      schedule();
    }
    return this;
  }

  @Override
  public WorkerReadStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    schedule();
    return this;
  }

  @Override
  public WorkerReadStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public WorkerReadStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public WorkerReadStream fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("negative fetch " + amount);
    }
    demand = Long.MAX_VALUE - demand < amount ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public Future<Void> close() {
    Promise<Void> result = Promise.promise();
    onContext(() -> {
      done = true;
      pending = null;
      release().onComplete(ar -> result.complete());
    });
    return result.future();
  }

  private void schedule() {
    onContext(this::drain);
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private void drain() {
    while (!done && pending != null && demand > 0 && handler != null) {
      Buffer chunk = pending;
      pending = null;
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(chunk);
    }
    if (done) {
      return;
    }
    if (eof && pending == null) {
      if (endHandler != null) {
        done = true;
        Handler<Void> end = endHandler;
        release().onComplete(ar -> end.handle(null));
      } else if (handler != null) {
        // The end handler may still be on its way from a caller off this context (a handler is
        // set first, then the end handler): free the source now, tell the end when it is set.
        release();
      }
      return;
    }
    if (pending == null && !reading && !eof && demand > 0 && handler != null) {
      reading = true;
      blocking.run(() -> {
        Blocking.check("blob read");
        return source.read();
      }).onComplete(ar -> {
        reading = false;
        if (done) {
          closeSource();
          return;
        }
        if (ar.failed()) {
          fail(ar.cause());
          return;
        }
        if (ar.result() == null) {
          eof = true;
        } else {
          pending = ar.result();
        }
        drain();
      });
    }
  }

  private void fail(Throwable cause) {
    done = true;
    pending = null;
    release().onComplete(ar -> {
      Handler<Throwable> h = exceptionHandler;
      if (h != null) {
        h.handle(cause);
      } else {
        failurePending = cause; // told to the exception handler when it is set
      }
    });
  }

  // Closes the source once no read is in flight (a source is never read and closed at once).
  private Future<Void> release() {
    if (closed == null) {
      closed = Promise.promise();
      closeSource();
    }
    return closed.future();
  }

  private void closeSource() {
    if (reading || closing || closed == null) {
      return;
    }
    closing = true;
    blocking.<Void>run(() -> {
      Blocking.check("blob read close");
      source.close();
      return null;
    }).onComplete(ar -> closed.tryComplete()); // closing is best effort
  }
}
