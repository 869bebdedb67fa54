package io.sagitta.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How late each event loop runs what it was asked to run: every {@code interval}, a task is scheduled on each
 * loop, and how much later than due it starts is recorded as {@code sagitta_event_loop_lag_seconds{loop}}. A
 * loop blocked or swamped shows as lag; an idle healthy one stays near zero. The probe itself is one task a
 * second per loop (no allocation beyond the scheduled task).
 */
public final class EventLoopLagProbe implements AutoCloseable {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private final List<Loop> loops = new ArrayList<>();
    private volatile boolean closed;

    private EventLoopLagProbe() {
    }

    /** Starts probing every event loop of {@code vertx}. */
    public static EventLoopLagProbe start(Vertx vertx, MeterRegistry registry, Duration interval) {
        EventLoopLagProbe probe = new EventLoopLagProbe();
        int n = 0;
        for (EventExecutor executor : ((VertxInternal) vertx).nettyEventLoopGroup()) {
            Timer lag = Timer.builder("sagitta.event.loop.lag").tag("loop", Integer.toString(n++))
                .description("How late a task scheduled on the event loop started")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
            Loop loop = probe.new Loop(executor, lag, interval.toNanos());
            probe.loops.add(loop);
            loop.schedule();
        }
        return probe;
    }

    @Override
    public void close() {
        closed = true;
        for (Loop loop : loops) {
            loop.cancel();
        }
    }

    private final class Loop implements Runnable {
        private final EventExecutor executor;
        private final Timer lag;
        private final long intervalNanos;
        private long due;
        private volatile ScheduledFuture<?> next;

        Loop(EventExecutor executor, Timer lag, long intervalNanos) {
            this.executor = executor;
            this.lag = lag;
            this.intervalNanos = intervalNanos;
        }

        void schedule() {
            if (closed || executor.isShuttingDown()) {
                return;
            }
            due = System.nanoTime() + intervalNanos;
            try {
                next = executor.schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // Vert.x is closing.
            }
        }

        @Override
        public void run() {
            lag.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
            schedule();
        }

        void cancel() {
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
