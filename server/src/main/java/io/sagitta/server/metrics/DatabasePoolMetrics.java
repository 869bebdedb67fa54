package io.sagitta.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The R2DBC pool's use, read from {@link ConnectionPool#getMetrics()} at scrape time:
 * {@code sagitta_db_pool_connections{state="acquired|idle|allocated|pending"}} and
 * {@code sagitta_db_pool_max_connections}.
 */
public final class DatabasePoolMetrics {

    private DatabasePoolMetrics() {
    }

    /** Binds the pool's meters; false (and nothing bound) when {@code connections} is not an r2dbc pool. */
    public static boolean bind(MeterRegistry registry, ConnectionFactory connections) {
        if (!(connections instanceof ConnectionPool pool) || pool.getMetrics().isEmpty()) {
            return false;
        }
        state(registry, pool, "acquired", PoolMetrics::acquiredSize);
        state(registry, pool, "idle", PoolMetrics::idleSize);
        state(registry, pool, "allocated", PoolMetrics::allocatedSize);
        state(registry, pool, "pending", PoolMetrics::pendingAcquireSize);
        Gauge.builder("sagitta.db.pool.max.connections", pool, p -> read(p, PoolMetrics::getMaxAllocatedSize))
            .description("Most connections the pool opens").register(registry);
        return true;
    }

    private static void state(MeterRegistry registry, ConnectionPool pool, String state,
                              ToDoubleFunction<PoolMetrics> value) {
        Gauge.builder("sagitta.db.pool.connections", pool, p -> read(p, value)).tag("state", state)
            .description("Index database connections: acquired (in use), idle, allocated (both), pending (waiting callers)")
            .register(registry);
    }

    private static double read(ConnectionPool pool, ToDoubleFunction<PoolMetrics> value) {
        Optional<PoolMetrics> metrics = pool.getMetrics();
        return metrics.isPresent() ? value.applyAsDouble(metrics.get()) : Double.NaN;
    }
}
