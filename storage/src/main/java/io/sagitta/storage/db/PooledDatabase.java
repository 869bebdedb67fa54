package io.sagitta.storage.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** {@link Database} over r2dbc-pool and r2dbc-postgresql. */
final class PooledDatabase implements Database {

    /**
     * Connections of the store pool ({@link #storeConnections()}): the index runs at most two store calls at once,
     * and a batch that fails runs its records again alone on a second connection while its own is still held.
     */
    static final int STORE_POOL_SIZE = 4;

    /** Prepared statements kept per store connection: the store call's two forms, with room to spare. */
    static final int STORE_STATEMENTS_KEPT = 8;

    private final Vertx vertx;
    private final DatabaseOptions options;
    private final ConnectionPool pool;
    private final ConnectionPool storePool;

    PooledDatabase(Vertx vertx, DatabaseOptions options) {
        if (!options.isExternal()) {
            throw new IllegalArgumentException("no database server in " + options + ": start the embedded one and use its options");
        }
        this.vertx = vertx;
        this.options = options;
        PostgresqlConnectionConfiguration.Builder pg = PostgresqlConnectionConfiguration.builder()
            .host(options.host())
            .port(options.port())
            .database(options.database())
            .username(options.user())
            .password(options.password())
            .applicationName("sagitta")
            .connectTimeout(options.connectTimeout())
            .statementTimeout(options.statementTimeout())
            // Unnamed statements only, planned for their values each time. A named statement reused
            // by the driver may get a generic plan, made without the values, after five runs; C-FIND
            // and QIDO-RS conditions differ wildly in selectivity (SMI* vs S*, one day vs ten years)
            // and generic plans were measured 4-14x slower at p50 (bench/RESULTS.md, index
            // queries). Planning costs well under a millisecond.
            .preparedStatementCacheQueries(0)
            .tcpKeepAlive(true);
        if (options.schema() != null) {
            pg.schema(options.schema());
        }
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(pg.build());
        // The store pool runs one statement over and over (the store function's call, in two forms), whose plan
        // does not depend on its values: kept prepared on each connection, it is parsed and planned once instead
        // of once per batch (PostgreSQL's CPU per stored instance fell by a sixth; bench/RESULTS.md, session 12).
        PostgresqlConnectionFactory storeFactory = new PostgresqlConnectionFactory(
            pg.preparedStatementCacheQueries(STORE_STATEMENTS_KEPT).build());
        this.pool = new ConnectionPool(poolConfiguration(factory, options, "sagitta-index", options.poolInitialSize(),
            options.poolMaxSize()));
        this.storePool = new ConnectionPool(poolConfiguration(storeFactory, options, "sagitta-index-stores",
            Math.min(1, options.poolInitialSize()), STORE_POOL_SIZE));
    }

    private static ConnectionPoolConfiguration poolConfiguration(PostgresqlConnectionFactory factory, DatabaseOptions options,
                                                                 String name, int initialSize, int maxSize) {
        ConnectionPoolConfiguration.Builder config = ConnectionPoolConfiguration.builder(factory)
            .name(name)
            .initialSize(initialSize)
            .maxSize(maxSize)
            .maxIdleTime(options.poolMaxIdleTime())
            .maxLifeTime(options.poolMaxLifeTime())
            // Validated on every hand-out: after a PostgreSQL restart the closed connections are
            // discarded and fresh ones made, so callers see at most the outage itself. LOCAL asks
            // the driver whether the socket is open; a validation query (REMOTE) would add a round
            // trip to every store and query.
            .validationDepth(options.validationQuery() == null ? ValidationDepth.LOCAL : ValidationDepth.REMOTE)
            .maxValidationTime(options.connectTimeout())
            .maxAcquireTime(options.acquireTimeout())
            .maxCreateConnectionTime(options.connectTimeout())
            .backgroundEvictionInterval(Duration.ofSeconds(30));
        if (options.validationQuery() != null) {
            config.validationQuery(options.validationQuery());
        }
        return config.build();
    }

    @Override
    public ConnectionFactory connections() {
        return pool;
    }

    @Override
    public ConnectionFactory storeConnections() {
        return storePool;
    }

    @Override
    public DatabaseOptions options() {
        return options;
    }

    @Override
    public Future<Void> close() {
        Context context = vertx.getOrCreateContext();
        Promise<Void> promise = Promise.promise();
        Mono.when(pool.disposeLater(), storePool.disposeLater()).subscribe(null,
            error -> context.runOnContext(v -> promise.tryFail(error)),
            () -> context.runOnContext(v -> promise.tryComplete()));
        return promise.future();
    }
}
