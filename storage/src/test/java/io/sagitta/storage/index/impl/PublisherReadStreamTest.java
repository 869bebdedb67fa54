package io.sagitta.storage.index.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A caller off the stream's context sets the handler, then the end handler; a publisher that
 * finishes at once may finish in between. The end (or the error) must still reach the handler set
 * late: this is how {@code ReadStream.collect} from a test thread hung on an empty query result.
 */
class PublisherReadStreamTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    /** Returns once every task the context had queued, and those they queued, has run. */
    private static void settle(Context context) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.runOnContext(first -> context.runOnContext(second -> done.countDown()));
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    @Test
    void anEndBeforeItsHandlerIsSetIsDeliveredWhenItIs() throws Exception {
        Context context = vertx.getOrCreateContext();
        ReadStream<String> stream = ReactiveBridge.readStream(context, Flux.empty(), 8);
        stream.handler(item -> { });
        settle(context); // subscribed and completed: nobody to tell yet
        CompletableFuture<Void> ended = new CompletableFuture<>();
        stream.endHandler(v -> ended.complete(null));
        ended.get(5, TimeUnit.SECONDS);
    }

    @Test
    void itemsStillArriveBeforeALateEnd() throws Exception {
        Context context = vertx.getOrCreateContext();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReadStream<String> stream = ReactiveBridge.readStream(context, Flux.just("a", "b"), 8);
        stream.handler(seen::add);
        settle(context);
        CompletableFuture<Void> ended = new CompletableFuture<>();
        stream.endHandler(v -> ended.complete(null));
        ended.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void anErrorBeforeItsHandlerIsSetIsDeliveredWhenItIs() throws Exception {
        Context context = vertx.getOrCreateContext();
        ReadStream<String> stream = ReactiveBridge.readStream(context, Flux.error(new IllegalStateException("boom")), 8);
        stream.handler(item -> { });
        settle(context);
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        stream.exceptionHandler(failed::complete);
        assertTrue(failed.get(5, TimeUnit.SECONDS).getMessage().contains("boom"));
    }
}
