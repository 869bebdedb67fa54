package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.sagitta.core.data.Dataset;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoreResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link InstanceIndex} on PostgreSQL through R2DBC. */
public final class PostgresInstanceIndex implements InstanceIndex {

    private static final String LOCATION_COLUMNS = "st.study_uid, se.series_uid, i.sop_instance_uid, i.sop_class_uid,"
        + " i.transfer_syntax, i.blob_key, i.size, i.checksum";
    private static final String ORDER = " ORDER BY se.series_number NULLS LAST, se.pk, i.instance_number NULLS LAST, i.pk";

    private static final System.Logger LOG = System.getLogger(PostgresInstanceIndex.class.getName());

    private final Vertx vertx;
    private final ConnectionFactory connections;
    private final int fetchSize;
    private final StoreBatcher stores;

    private PostgresInstanceIndex(Vertx vertx, ConnectionFactory connections, ConnectionFactory storeConnections,
                                  int fetchSize) {
        this.vertx = vertx;
        this.connections = connections;
        this.fetchSize = fetchSize;
        this.stores = new StoreBatcher(storeConnections);
    }

    /**
     * Migrates the schema, then hands out the index. Stores are recorded through {@code storeConnections}, everything
     * else through {@code connections} (they may be the same pool).
     */
    public static Future<InstanceIndex> open(Vertx vertx, ConnectionFactory connections, ConnectionFactory storeConnections,
                                             int fetchSize) {
        Context context = vertx.getOrCreateContext();
        return vertx.executeBlocking(Migrations::load, false)
            .compose(migrations -> ReactiveBridge.future(context, Migrations.apply(connections, migrations)))
            .compose(applied -> ReactiveBridge.future(context, DurabilityCheck.nonDurableSettings(connections)))
            .map(nonDurable -> {
                if (!nonDurable.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "the index database runs with " + String.join(", ", nonDurable)
                        + ": a crash can lose stores that were already acknowledged; set them to on");
                }
                return new PostgresInstanceIndex(vertx, connections, storeConnections, fetchSize);
            });
    }

    private <T> Future<T> withConnection(Function<Connection, Mono<T>> work) {
        return ReactiveBridge.future(vertx.getOrCreateContext(), Mono.usingWhen(connections.create(), work, Connection::close));
    }

    /**
     * Streams rows with Reactive Streams demand ({@code fetchSize} is how many are requested
     * ahead). Statements run uncursored: the driver stops reading the socket while there is no
     * demand, which holds the server back without a portal. A cursored statement (the driver's
     * {@code Statement.fetchSize}) was seen to hang on a result with no rows.
     */
    private <T> ReadStream<T> stream(Function<Connection, Flux<T>> work) {
        return ReactiveBridge.readStream(vertx.getOrCreateContext(),
            Flux.usingWhen(connections.create(), work, Connection::close), fetchSize);
    }

    @Override
    public Future<StoreResult> recordInstance(InstanceRecord record) {
        return stores.submit(vertx.getOrCreateContext(), record);
    }

    @Override
    public ReadStream<Dataset> query(IndexQuery query) {
        QuerySql.Statement statement = QuerySql.translate(query);
        ResultDatasets results = new ResultDatasets(query, statement);
        return stream(c -> Flux.from(Sql.statement(c, statement.sql(), statement.params()).execute())
            .concatMap(r -> r.map((row, meta) -> results.toDataset(row))));
    }

    @Override
    public Future<List<InstanceLocation>> locations(Scope scope) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + LOCATION_COLUMNS + scopedFrom(scope, params) + ORDER;
        return withConnection(c -> Sql.rows(c, sql, PostgresInstanceIndex::location, params.toArray()).collectList());
    }

    @Override
    public ReadStream<InstanceLocation> allLocations() {
        String sql = "SELECT " + LOCATION_COLUMNS
            + " FROM instance i JOIN series se ON se.pk = i.series_fk JOIN study st ON st.pk = se.study_fk ORDER BY i.pk";
        return stream(c -> Sql.rows(c, sql, PostgresInstanceIndex::location));
    }

    private static InstanceLocation location(io.r2dbc.spi.Row row) {
        return new InstanceLocation(row.get(0, String.class), row.get(1, String.class), row.get(2, String.class),
            row.get(3, String.class), row.get(4, String.class), row.get(5, String.class), row.get(6, Long.class),
            row.get(7, String.class));
    }

    @Override
    public ReadStream<String> metadata(Scope scope) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT i.metadata" + scopedFrom(scope, params) + ORDER;
        return stream(c -> Flux.from(Sql.statement(c, sql, params).execute())
            .concatMap(r -> r.map((row, meta) -> row.get(0, String.class))));
    }

    @Override
    public Future<List<InstanceLocation>> delete(Scope scope) {
        return withConnection(new DeleteTransaction(scope)::run);
    }

    @Override
    public Future<Set<String>> indexedBlobKeys(Collection<String> blobKeys) {
        if (blobKeys.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        String[] keys = blobKeys.toArray(new String[0]);
        return withConnection(c -> Sql.rows(c, "SELECT blob_key FROM instance WHERE blob_key = ANY($1)",
                row -> row.get(0, String.class), (Object) keys)
            .collect(HashSet<String>::new, Set::add)
            .map(found -> (Set<String>) found));
    }

    private static String scopedFrom(Scope scope, List<Object> params) {
        StringBuilder sql = new StringBuilder(" FROM instance i JOIN series se ON se.pk = i.series_fk JOIN study st ON st.pk = se.study_fk");
        params.add(scope.studyInstanceUid());
        sql.append(" WHERE st.study_uid = $1");
        if (scope.seriesInstanceUid() != null) {
            params.add(scope.seriesInstanceUid());
            sql.append(" AND se.series_uid = $").append(params.size());
        }
        if (scope.sopInstanceUid() != null) {
            params.add(scope.sopInstanceUid());
            sql.append(" AND i.sop_instance_uid = $").append(params.size());
        }
        return sql.toString();
    }
}
