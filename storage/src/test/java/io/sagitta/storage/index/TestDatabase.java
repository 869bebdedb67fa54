package io.sagitta.storage.index;

import io.r2dbc.spi.Connection;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.db.EmbeddedDatabase;
import io.sagitta.storage.db.EmbeddedDatabaseOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real PostgreSQL (embedded, started once per test class) and a fresh schema per test, so that
 * every test starts from an empty, freshly migrated index. Test threads may wait; event loops never do.
 */
public final class TestDatabase implements AutoCloseable {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    public final Vertx vertx;
    final Path dataDirectory;
    final EmbeddedDatabase server;
    private final List<Database> pools = new ArrayList<>();

    public TestDatabase() throws IOException {
        this(Files.createTempDirectory("sagitta-index-test"));
    }

    TestDatabase(Path dataDirectory) {
        this.vertx = Vertx.vertx();
        this.dataDirectory = dataDirectory;
        // fsync off: these tests check behaviour, not crash durability, and must stay fast.
        this.server = EmbeddedDatabase.create(vertx, EmbeddedDatabaseOptions.of(dataDirectory)
            .withServerConfig("fsync", "off").withServerConfig("synchronous_commit", "off")
            .withServerConfig("full_page_writes", "off").withServerConfig("max_connections", "100"));
        await(server.start());
    }

    DatabaseOptions baseOptions() {
        return server.connectionOptions(DatabaseOptions.builder()
            .poolInitialSize(1).poolMaxSize(10)
            .acquireTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(2))
            .statementTimeout(Duration.ofSeconds(20)).build());
    }

    /** A pool whose search_path is a new, empty schema. */
    public Database freshSchema() {
        String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        Database admin = Database.create(vertx, baseOptions().toBuilder().poolInitialSize(0).poolMaxSize(1).build());
        await(Future.fromCompletionStage(Mono.usingWhen(admin.connections().create(),
            c -> Flux.from(c.createStatement("CREATE SCHEMA " + schema).execute()).flatMap(r -> r.getRowsUpdated()).then(),
            Connection::close).toFuture()));
        await(admin.close());
        return pool(baseOptions().toBuilder().schema(schema).build());
    }

    Database pool(DatabaseOptions options) {
        Database db = Database.create(vertx, options);
        pools.add(db);
        return db;
    }

    public InstanceIndex freshIndex() {
        return await(InstanceIndex.create(vertx, freshSchema()));
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new RuntimeException(e.getCause());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    public static <T> List<T> collect(ReadStream<T> stream) {
        return await(stream.collect(Collectors.toList()));
    }

    @Override
    public void close() throws IOException {
        for (Database db : pools) {
            try {
                await(db.close());
            } catch (RuntimeException ignored) {
                // a pool to a stopped server may fail to close cleanly; the server goes next anyway
            }
        }
        await(server.stop());
        await(vertx.close());
    }

    public void deleteData() throws IOException {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
