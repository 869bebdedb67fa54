package io.sagitta.storage.db;

import io.r2dbc.spi.ConnectionFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A pool of R2DBC connections to the index's PostgreSQL, sized by {@link DatabaseOptions}.
 *
 * <p>The driver runs its own (reactor-netty) I/O threads; code that hands results to Vert.x hops
 * back onto the caller's context (see the index's {@code ReactiveBridge}), so no event loop ever
 * waits on the database.
 */
public interface Database {

    /** A pool for an external or embedded server; no connection is opened until one is asked for. */
    static Database create(Vertx vertx, DatabaseOptions options) {
        return new PooledDatabase(vertx, options);
    }

    /** The pooled connection factory: every {@code create()} borrows, every {@code close()} returns. */
    ConnectionFactory connections();

    /**
     * A second, small pool (a few connections besides {@link #connections()}) for recording stored instances
     * only: queries and retrievals, however many and however slowly their clients read, cannot take what a store
     * needs, so a busy viewer never makes a modality's C-STORE wait for a connection or fail.
     */
    ConnectionFactory storeConnections();

    DatabaseOptions options();

    /** Closes the pool and its connections. */
    Future<Void> close();
}
