package io.sagitta.storage.blob.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The one way blob stores run blocking calls: on a named, bounded Vert.x worker pool. Every
 * blocking site also calls {@link #check}, which refuses to run on an event loop, so a code path
 * that forgot to hop off the loop fails loudly (in tests and in production) instead of stalling it.
 */
public final class Blocking {

  private final WorkerExecutor executor;

  public Blocking(Vertx vertx, String name, int size) {
    // Long max-execute-time: verifying a large blob legitimately holds a worker for a while.
    this.executor = vertx.createSharedWorkerExecutor(name, size, 10, TimeUnit.MINUTES);
  }

  /** Runs the task on the pool, unordered (callers order their own steps with Future chains). */
  public <T> Future<T> run(Callable<T> task) {
    return executor.executeBlocking(task, false);
  }

  /** Throws if the current thread is an event loop. Call it at every blocking site. */
  public static void check(String what) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("blocking call on an event loop thread ("
          + Thread.currentThread().getName() + "): " + what);
    }
  }

  public Future<Void> close() {
    return executor.close();
  }
}
