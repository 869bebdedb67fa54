package io.sagitta.server.cli;

import io.sagitta.server.config.ConfigKeys;
import io.sagitta.server.config.SagittaConfig;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.blob.BlobStores;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.db.EmbeddedDatabase;
import io.sagitta.storage.db.EmbeddedDatabaseOptions;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The archive's storage opened without its doors: the same database (embedded or external), index
 * and blob store that {@code serve} uses, for commands that work on the storage directly
 * ({@code import}, {@code verify}). Opened in dependency order, closed in reverse.
 */
final class StorageSession {

    private final SagittaConfig config;
    private final Vertx vertx;
    private EmbeddedDatabase embeddedDatabase;
    private Database database;
    private InstanceIndex index;
    private BlobStore blobs;

    private StorageSession(SagittaConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    /** A session to {@link #open()}, owning a new Vert.x instance. */
    static StorageSession create(SagittaConfig config) {
        return new StorageSession(config, Vertx.vertx());
    }

    /** Opens everything; on failure, {@link #close()} what was opened. */
    Future<Void> open() {
        Path dataDir = dataDir(config);
        Map<String, String> env = config.asEnvironment();
        return vertx.<Void>executeBlocking(() -> {
            Files.createDirectories(dataDir);
            return null;
        }).compose(ignored -> openDatabase(dataDir, env))
            .compose(ignored -> InstanceIndex.create(vertx, database))
            .compose(created -> {
                index = created;
                return BlobStores.fromEnvironment(vertx, env, dataDir);
            })
            .map(created -> {
                blobs = created;
                return null;
            });
    }

    private Future<Void> openDatabase(Path dataDir, Map<String, String> env) {
        DatabaseOptions options = DatabaseOptions.fromEnvironment(env);
        if (config.isSet(ConfigKeys.DB_URL)) {
            database = Database.create(vertx, options);
            return Future.succeededFuture();
        }
        embeddedDatabase = EmbeddedDatabase.create(vertx, EmbeddedDatabaseOptions.of(dataDir));
        return embeddedDatabase.start().map(ignored -> {
            database = Database.create(vertx, embeddedDatabase.connectionOptions(options));
            return null;
        });
    }

    static Path dataDir(SagittaConfig config) {
        return config.get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
    }

    /** Whether the index lives in the embedded PostgreSQL under the data directory. */
    static boolean usesEmbeddedDatabase(SagittaConfig config) {
        return !config.isSet(ConfigKeys.DB_URL);
    }

    Vertx vertx() {
        return vertx;
    }

    InstanceIndex index() {
        return index;
    }

    BlobStore blobs() {
        return blobs;
    }

    /** The one store path, as C-STORE and STOW-RS use it. */
    InstanceStore store() {
        return InstanceStore.create(blobs, index);
    }

    /** Where the index and the blobs are, for the report. */
    String description() {
        String db = embeddedDatabase != null
            ? "embedded PostgreSQL under " + dataDir(config).resolve("postgres")
            : "PostgreSQL at " + config.get(ConfigKeys.DB_URL);
        String blobPlace = config.isSet(ConfigKeys.S3_BUCKET)
            ? "S3 bucket " + config.get(ConfigKeys.S3_BUCKET)
            : "files under " + dataDir(config).resolve("blobs");
        return "index in " + db + ", blobs in " + blobPlace;
    }

    /**
     * Closes what was opened, in reverse order, then Vert.x; safe on a partly opened session. Call
     * it from a command's own thread: Vert.x closed from one of its event loops never completes
     * the future of its own close, so it is not chained onto the storage's futures.
     */
    void close() {
        CommandLine.await((blobs == null ? Future.<Void>succeededFuture() : blobs.close())
            .transform(ignored -> database == null ? Future.<Void>succeededFuture() : database.close())
            .transform(ignored -> embeddedDatabase == null ? Future.<Void>succeededFuture() : embeddedDatabase.stop()));
        CommandLine.await(vertx.close());
    }
}
