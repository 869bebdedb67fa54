package io.sagitta.storage.blob.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.storage.blob.BlobInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker-fed stream (S3 reads) holds at most one chunk beyond what its consumer took. */
class WorkerReadStreamTest {

  private Vertx vertx;
  private Blocking blocking;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    blocking = new Blocking(vertx, "test-read", 2);
  }

  @AfterEach
  void stop() throws Exception {
    blocking.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aPausedConsumerStopsTheReads() throws Exception {
    int chunks = 50;
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger worstLead = new AtomicInteger();
    AtomicBoolean closed = new AtomicBoolean();
    CompletableFuture<Void> done = new CompletableFuture<>();

    WorkerReadStream.Source source = new WorkerReadStream.Source() {
      @Override
      public Buffer read() {
        // Checked at every read, so no timing is involved: how far ahead of the consumer are we?
        worstLead.accumulateAndGet(reads.get() - delivered.get(), Math::max);
        return reads.getAndIncrement() < chunks ? Buffer.buffer(new byte[1000]) : null;
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };

    vertx.runOnContext(v -> {
      WorkerReadStream stream = new WorkerReadStream(vertx, blocking, source,
          new BlobInfo("k", chunks * 1000L, null), 0, chunks * 1000L);
      stream.pause();
      stream.endHandler(end -> done.complete(null));
      stream.exceptionHandler(done::completeExceptionally);
      stream.handler(chunk -> {
        delivered.incrementAndGet();
        vertx.setTimer(1, id -> stream.fetch(1)); // a slow consumer: one chunk at a time
      });
      stream.fetch(1);
    });

    done.get(20, TimeUnit.SECONDS);
    assertEquals(chunks, delivered.get());
    // A read starts only when every chunk read so far has been handed over: one chunk in flight.
    assertEquals(0, worstLead.get(), "chunks read but not yet delivered when another read began");
    assertTrue(closed.get(), "source closed at the end");
  }
  @Test
  void anEndBeforeTheEndHandlerIsSetIsDeliveredWhenItIs() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    WorkerReadStream.Source empty = new WorkerReadStream.Source() {
      @Override
      public Buffer read() {
        return null;
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
    // Made and fed from this test thread, as a caller off the context would: the handler first,
    // the end handler only once the source is read to its end and closed.
    WorkerReadStream stream = new WorkerReadStream(vertx, blocking, empty, new BlobInfo("k", 0, null), 0, 0);
    stream.handler(b -> { });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!closed.get()) {
      assertTrue(System.nanoTime() < deadline, "the source is closed at its end");
      Thread.onSpinWait();
    }
    CompletableFuture<Void> ended = new CompletableFuture<>();
    stream.endHandler(v -> ended.complete(null));
    ended.get(5, TimeUnit.SECONDS);
  }
}
