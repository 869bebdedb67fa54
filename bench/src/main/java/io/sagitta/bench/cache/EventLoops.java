package io.sagitta.bench.cache;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Vert.x instance with {@code n} event loops and one verticle context on each, the way the
 * archive's HTTP verticles sit: lookups run where a route would make them.
 */
final class EventLoops implements AutoCloseable {

    final Vertx vertx;
    final List<Context> contexts;

    EventLoops(int n) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(n));
        ConcurrentLinkedQueue<Context> deployed = new ConcurrentLinkedQueue<>();
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                deployed.add(context);
                return Future.succeededFuture();
            }
        }, new DeploymentOptions().setInstances(n)).await();
        contexts = List.copyOf(deployed);
        Set<String> threads = new HashSet<>();
        for (Context c : contexts) {
            threads.add(threadOf(c));
        }
        if (threads.size() != n) {
            throw new IllegalStateException("expected " + n + " distinct event loops, got " + threads);
        }
    }

    private static String threadOf(Context context) {
        CompletableFuture<String> name = new CompletableFuture<>();
        context.runOnContext(v -> name.complete(Thread.currentThread().getName()));
        return name.join();
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
