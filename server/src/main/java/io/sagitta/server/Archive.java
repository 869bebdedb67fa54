package io.sagitta.server;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.UidDictionary;
import io.sagitta.server.config.ConfigKeys;
import io.sagitta.server.config.SagittaConfig;
import io.sagitta.server.dimse.ArchiveStoreService;
import io.sagitta.server.dimse.ArchiveRetrieveService;
import io.sagitta.server.dimse.DimseServer;
import io.sagitta.server.dimse.DimseServerOptions;
import io.sagitta.server.dimse.IndexFindService;
import io.sagitta.server.dimse.AssociationLog;
import io.sagitta.server.http.DicomWebAudit;
import io.sagitta.server.http.GuardedTransport;
import io.sagitta.server.http.HealthEndpoints;
import io.sagitta.server.http.MetricsEndpoint;
import io.sagitta.server.http.RequestTracking;
import io.sagitta.server.metrics.ArchiveMetrics;
import io.sagitta.server.metrics.CacheMetrics;
import io.sagitta.server.metrics.DatabasePoolMetrics;
import io.sagitta.server.metrics.EventLoopLagProbe;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.blob.BlobStores;
import io.sagitta.storage.cache.CachingInstanceIndex;
import io.sagitta.storage.cache.IndexCacheOptions;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.db.EmbeddedDatabase;
import io.sagitta.storage.db.EmbeddedDatabaseOptions;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.QueryLevel;
import io.sagitta.storage.store.InstanceStore;
import io.sagitta.storage.store.OrphanSweeper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.sagitta.dicomweb.DicomWeb;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.wado.WadoUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running archive: database, blob store, index, the store path and the doors onto it. Started
 * in dependency order, stopped in reverse; {@link #stop()} stops accepting first so that work in
 * flight finishes before the storage closes under it.
 */
public final class Archive {

    private static final Logger LOG = LoggerFactory.getLogger(Archive.class);

    private final SagittaConfig config;
    private final Vertx vertx;
    private EmbeddedDatabase embeddedDatabase;
    private Database database;
    private BlobStore blobs;
    private CachingInstanceIndex index;
    private OrphanSweeper sweeper;
    private DimseServer dimse;
    private HttpServer http;
    private final ArchiveMetrics metrics = ArchiveMetrics.create();
    private final EventLoopLagProbe lagProbe;
    private final AtomicInteger httpConnections = new AtomicInteger();

    private Archive(SagittaConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.lagProbe = EventLoopLagProbe.start(vertx, metrics.registry(), Duration.ofSeconds(1));
        metrics.httpConnectionsActive(httpConnections::get);
    }

    /** Starts everything the configuration asks for; fails (having undone what started) if any part cannot start. */
    public static Future<Archive> start(SagittaConfig config) {
        // With h2c on, every listening channel gets the guard that keeps request bodies off the upgrade.
        // Either way on the native transport where it loads (epoll on Linux), NIO elsewhere.
        Vertx vertx = Vertx.builder()
            .withTransport(config.get(ConfigKeys.HTTP_H2C) ? GuardedTransport.create() : GuardedTransport.best())
            .build();
        Archive archive = new Archive(config, vertx);
        return archive.startAll().transform(ar -> {
            if (ar.succeeded()) {
                return Future.succeededFuture(archive);
            }
            return archive.stop().transform(ignored -> Future.failedFuture(ar.cause()));
        });
    }

    private Future<Void> startAll() {
        Path dataDir = config.get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
        Map<String, String> env = config.asEnvironment();
        return vertx.<Void>executeBlocking(() -> {
            Files.createDirectories(dataDir);
            // The DICOM dictionaries load from classpath resources on first use: here, not on an event loop.
            ElementDictionary.entries();
            UidDictionary.entries();
            // So does the JDK's System.Logger back end (found by ServiceLoader on the first getLogger),
            // which core and dicomweb log through: the first association must not be what loads it.
            System.getLogger(Archive.class.getName());
            return null;
        }).compose(ignored -> startDatabase(dataDir, env))
            .compose(ignored -> InstanceIndex.create(vertx, database))
            .compose(created -> {
                index = CachingInstanceIndex.wrap(vertx, created, new IndexCacheOptions(
                    config.get(ConfigKeys.CACHE_LOCATIONS_MAX_INSTANCES),
                    config.get(ConfigKeys.CACHE_METADATA_MAX_MB) * 1024L * 1024L));
                for (String cache : index.stats().keySet()) {
                    metrics.cache(cache, () -> {
                        CacheStats stats = index.stats().get(cache);
                        return new CacheMetrics.Counts(stats.hitCount(), stats.missCount(), stats.evictionCount());
                    });
                }
                return BlobStores.fromEnvironment(vertx, env, dataDir);
            })
            .compose(created -> {
                blobs = created;
                startSweeper();
                return startDimse(InstanceStore.create(blobs, index));
            })
            .compose(ignored -> startHttp());
    }

    private Future<Void> startDatabase(Path dataDir, Map<String, String> env) {
        DatabaseOptions options = DatabaseOptions.fromEnvironment(env);
        // Database.create reads R2DBC's extension list from the classpath (ServiceLoader): on a worker.
        if (config.isSet(ConfigKeys.DB_URL)) {
            return vertx.executeBlocking(() -> {
                database = Database.create(vertx, options);
                DatabasePoolMetrics.bind(metrics.registry(), database.connections());
                return null;
            });
        }
        embeddedDatabase = EmbeddedDatabase.create(vertx, EmbeddedDatabaseOptions.of(dataDir));
        return embeddedDatabase.start().compose(ignored -> vertx.executeBlocking(() -> {
            database = Database.create(vertx, embeddedDatabase.connectionOptions(options));
            DatabasePoolMetrics.bind(metrics.registry(), database.connections());
            return null;
        }));
    }

    private InstanceStore store;

    /** Orphan blobs (a crash between blob and row) are swept periodically, the first time a minute after start. */
    private void startSweeper() {
        int interval = config.get(ConfigKeys.SWEEP_INTERVAL_MINUTES);
        if (interval == 0) {
            return;
        }
        sweeper = OrphanSweeper.create(vertx, blobs, index, Duration.ofMinutes(config.get(ConfigKeys.SWEEP_MIN_AGE_MINUTES)));
        sweeper.start(Duration.ofMinutes(1), Duration.ofMinutes(interval));
    }

    private Future<Void> startDimse(InstanceStore store) {
        this.store = store;
        DimseServerOptions options = DimseServerOptions.create()
            .host(config.get(ConfigKeys.BIND))
            .port(config.get(ConfigKeys.DICOM_PORT))
            .aeTitle(config.get(ConfigKeys.AE_TITLE))
            .maxAssociations(config.get(ConfigKeys.DICOM_MAX_ASSOCIATIONS))
            .maxPduLength(config.get(ConfigKeys.DICOM_MAX_PDU_LENGTH))
            .idleTimeout(Duration.ofSeconds(config.get(ConfigKeys.DICOM_IDLE_TIMEOUT)));
        ArchiveRetrieveService retrieve = ArchiveRetrieveService.create(vertx, store, options.aeTitle(),
            config.get(ConfigKeys.DICOM_PEERS), metrics);
        dimse = DimseServer.create(vertx, options, new ArchiveStoreService(store, metrics),
            IndexFindService.create(vertx, store.index(), options.aeTitle(), metrics), retrieve, retrieve,
            new AssociationLog(metrics));
        metrics.associationsActive(dimse.limiter()::active);
        return dimse.listen().mapEmpty();
    }

    private Future<Void> startHttp() {
        HealthEndpoints health = new HealthEndpoints(this::checkReady, Duration.ofSeconds(5));
        Router root = Router.router(vertx);
        root.route().handler(new RequestTracking(metrics)::handle);
        // Same listener and bind address as DICOMweb: the series hold counts, no patient data.
        root.get("/metrics").handler(new MetricsEndpoint(vertx, metrics)::handle);
        root.route("/health/*").handler(context -> {
            if (!health.handle(context.request())) {
                context.next();
            }
        });
        DicomWebOptions web = DicomWebOptions.builder()
            .baseUrl(config.get(ConfigKeys.HTTP_BASE_URL))
            .corsAllowedOrigins(config.get(ConfigKeys.HTTP_CORS_ORIGINS))
            .maxQueryResults(config.get(ConfigKeys.HTTP_MAX_QUERY_RESULTS))
            .listener(new DicomWebAudit(metrics))
            .allowDelete(deleteAllowed())
            .sendFile(config.get(ConfigKeys.HTTP_SENDFILE))
            .build();
        // Both doors allow the same browser origins: a viewer's wadoUriRoot is as cross-origin as its wadoRoot.
        root.route("/wado/*").subRouter(WadoUri.create(vertx, index, blobs, web));
        root.route("/dicom-web/*").subRouter(DicomWeb.create(vertx, index, blobs, store, web));
        http = vertx.createHttpServer(new HttpServerOptions()
            .setHost(config.get(ConfigKeys.BIND))
            .setPort(config.get(ConfigKeys.HTTP_PORT))
            .setCompressionSupported(true)
            // A client that stops reading a retrieval holds its buffers (up to three instances) or open files (two)
            // until this closes it.
            .setIdleTimeout(config.get(ConfigKeys.HTTP_IDLE_TIMEOUT))
            // h2c: HTTP/2 by prior knowledge, and the upgrade for requests without a body; the
            // transport's H2cUpgradeGuard declines it for a request with one (see there why).
            .setHttp2ClearTextEnabled(config.get(ConfigKeys.HTTP_H2C)));
        http.connectionHandler(connection -> {
            httpConnections.incrementAndGet();
            connection.closeHandler(closed -> httpConnections.decrementAndGet());
        });
        http.requestHandler(root);
        return http.listen().mapEmpty();
    }

    /**
     * DELETE is served when {@code http.allow_delete} says so; unset, only while the archive listens
     * on a loopback address: there is no authentication yet, so anyone who can reach the port could
     * otherwise delete studies.
     */
    private boolean deleteAllowed() {
        if (config.isSet(ConfigKeys.HTTP_ALLOW_DELETE)) {
            return config.get(ConfigKeys.HTTP_ALLOW_DELETE);
        }
        String bind = config.get(ConfigKeys.BIND);
        return bind.equals("localhost") || bind.startsWith("127.") || bind.equals("::1") || bind.equals("[::1]");
    }

    /** Ready when the index answers a query and the blob store answers a lookup. */
    private Future<Void> checkReady() {
        Future<Void> indexAnswers = index.query(IndexQuery.builder(QueryLevel.STUDY).limit(1).build())
            .collect(java.util.stream.Collectors.counting()).mapEmpty();
        Future<Void> blobsAnswer = blobs.exists("health/probe").mapEmpty();
        return Future.all(indexAnswers, blobsAnswer).mapEmpty();
    }

    /**
     * Hit, miss, load and eviction counts of the caches in front of the index, by cache name
     * ({@code locations}, {@code metadata}); for metrics. Empty before the index has started.
     */
    public Map<String, CacheStats> indexCacheStats() {
        return index == null ? Map.of() : index.stats();
    }

    public int dimsePort() {
        return dimse.actualPort();
    }

    public int httpPort() {
        return http.actualPort();
    }

    public SagittaConfig config() {
        return config;
    }

    /**
     * Sagitta's meters, for what is wired after start, such as a cache's statistics
     * ({@link ArchiveMetrics#cache}).
     */
    public ArchiveMetrics metrics() {
        return metrics;
    }

    /** Where the index lives, for the start-up summary. */
    public String databaseDescription() {
        return embeddedDatabase != null
            ? "embedded PostgreSQL on 127.0.0.1:" + embeddedDatabase.port()
            : "PostgreSQL at " + config.get(ConfigKeys.DB_URL);
    }

    public String blobDescription() {
        return config.isSet(ConfigKeys.S3_BUCKET)
            ? "S3 bucket " + config.get(ConfigKeys.S3_BUCKET)
            : "files under " + config.get(ConfigKeys.DATA_DIR).resolve("blobs");
    }

    /**
     * Stops accepting, lets what is in flight finish, then closes storage. Safe to call on a
     * partly started archive.
     */
    public Future<Void> stop() {
        return stop(Duration.ZERO);
    }

    /** As {@link #stop()}, giving associations and requests in flight up to {@code grace} to finish. */
    public Future<Void> stop(Duration grace) {
        List<Future<?>> doors = new ArrayList<>();
        if (dimse != null) {
            doors.add(dimse.shutdown(grace));
        }
        if (http != null) {
            doors.add(http.shutdown(grace));
        }
        if (sweeper != null) {
            sweeper.stop();
        }
        return Future.join(doors)
            .transform(ignored -> blobs == null ? Future.<Void>succeededFuture() : blobs.close())
            .transform(ignored -> database == null ? Future.<Void>succeededFuture() : database.close())
            .transform(ignored -> embeddedDatabase == null ? Future.<Void>succeededFuture() : embeddedDatabase.stop())
            .transform(ignored -> {
                lagProbe.close();
                return closeVertx();
            })
            .andThen(ignored -> metrics.close())
            .onFailure(failure -> LOG.warn("while stopping: {}", failure.getMessage()));
    }

    /**
     * Closes Vert.x from a thread of its own: closed from one of its event loops (where the steps
     * before finish when the index is an external database), Vert.x never completes the future of
     * its own close, and a SIGTERM would wait out the whole shutdown deadline.
     */
    private Future<Void> closeVertx() {
        if (!io.vertx.core.Context.isOnVertxThread()) {
            return vertx.close();
        }
        Promise<Void> closed = Promise.promise();
        Thread closer = new Thread(() -> vertx.close().onComplete(closed), "sagitta-close");
        closer.setDaemon(true);
        closer.start();
        return closed.future();
    }
}
