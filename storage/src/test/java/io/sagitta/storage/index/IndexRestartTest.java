package io.sagitta.storage.index;

import static io.sagitta.storage.index.Instances.instance;
import static io.sagitta.storage.index.Instances.record;
import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.r2dbc.spi.Connection;
import io.sagitta.core.data.Tag;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.db.EmbeddedDatabase;
import io.sagitta.storage.db.EmbeddedDatabaseOptions;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Migrations on restart, data across server restarts, and the pool across a PostgreSQL outage. */
class IndexRestartTest {

    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        db.deleteData();
    }

    private static List<Integer> versions(Database database) {
        return await(Future.fromCompletionStage(Mono.usingWhen(database.connections().create(),
            c -> Flux.from(c.createStatement("SELECT version FROM schema_version ORDER BY version").execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, Integer.class))).collectList(),
            Connection::close).toFuture()));
    }

    private static String setting(Database database, String name) {
        return await(Future.fromCompletionStage(Mono.usingWhen(database.connections().create(),
            c -> Flux.from(c.createStatement("SELECT setting FROM pg_settings WHERE name = $1").bind("$1", name).execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, String.class))).next(),
            Connection::close).toFuture()));
    }

    /** Whether a file in {@code logs} mentions {@code text} within 10 s: the collector writes behind the server. */
    private static boolean logMentions(Path logs, String text) throws Exception {
        for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; Thread.sleep(100)) {
            if (Files.isDirectory(logs)) {
                try (Stream<Path> files = Files.list(logs)) {
                    for (Path file : files.toList()) {
                        if (Files.readString(file, StandardCharsets.ISO_8859_1).contains(text)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    @Test
    void migrationsRunOnceEvenWhenNodesStartTogether() {
        Database database = db.freshSchema();
        // Three nodes starting at the same moment on an empty schema: one migrates, the others find it done.
        List<Future<InstanceIndex>> starts = List.of(InstanceIndex.create(db.vertx, database.connections()),
            InstanceIndex.create(db.vertx, database.connections()), InstanceIndex.create(db.vertx, database.connections()));
        await(Future.all(starts));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), versions(database));
        InstanceIndex index = await(InstanceIndex.create(db.vertx, database.connections()));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), versions(database), "a restart applies nothing again");
        assertEquals(StoreResult.Outcome.STORED, await(index.recordInstance(record(instance("2.1", "2.1.1", "2.1.1.1")))).outcome());
    }

    @Test
    void dataSurvivesRestartingTheEmbeddedServer() throws Exception {
        DatabaseOptions options = db.baseOptions().toBuilder().schema("persisted").build();
        Database admin = db.pool(db.baseOptions());
        await(Future.fromCompletionStage(Mono.usingWhen(admin.connections().create(),
            c -> Flux.from(c.createStatement("CREATE SCHEMA persisted").execute()).flatMap(r -> r.getRowsUpdated()).then(),
            Connection::close).toFuture()));
        Database before = db.pool(options);
        InstanceIndex index = await(InstanceIndex.create(db.vertx, before.connections()));
        await(index.recordInstance(record(instance("2.2", "2.2.1", "2.2.1.1"))));
        await(before.close());
        await(admin.close());

        // Stop the server and start another one on the same data directory and port: a process restart.
        await(db.server.stop());
        EmbeddedDatabase again = EmbeddedDatabase.create(db.vertx, EmbeddedDatabaseOptions.of(db.dataDirectory)
            .withPort(db.server.port()));
        await(again.start());
        try {
            Database after = Database.create(db.vertx, again.connectionOptions(options));
            InstanceIndex reopened = await(InstanceIndex.create(db.vertx, after.connections()));
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), versions(after));
            // The options the archive itself uses: a commit must reach the disk before it is acknowledged.
            for (String durable : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                assertEquals("on", setting(after, durable), durable + " of EmbeddedDatabaseOptions.of");
            }
            // ... and its own log is kept where an operator finds it, not lost in a pipe nobody reads.
            assertTrue(logMentions(EmbeddedDatabaseOptions.of(db.dataDirectory).logDirectory(),
                "database system is ready to accept connections"), "the server's log in postgres/log");
            assertEquals(List.of("2.2.1.1"), collect(reopened.query(IndexQuery.builder(QueryLevel.IMAGE).build()))
                .stream().map(d -> d.getString(Tag.SOPInstanceUID)).toList());
            await(after.close());
        } finally {
            await(again.stop());
            await(db.server.start());
        }
    }

    @Test
    void poolReconnectsAfterPostgresRestartAndFailsClearlyDuringTheOutage() {
        Database database = db.freshSchema();
        InstanceIndex index = await(InstanceIndex.create(db.vertx, database.connections()));
        await(index.recordInstance(record(instance("2.3", "2.3.1", "2.3.1.1"))));
        assertEquals(1, collect(index.query(IndexQuery.builder(QueryLevel.STUDY).build())).size());

        await(db.server.stop());
        try {
            long started = System.nanoTime();
            RuntimeException queryFailure = assertThrows(RuntimeException.class,
                () -> collect(index.query(IndexQuery.builder(QueryLevel.STUDY).build())));
            assertInstanceOf(IndexUnavailableException.class, queryFailure, queryFailure.toString());
            assertTrue(queryFailure.getMessage().startsWith("index database unavailable"), queryFailure.getMessage());
            RuntimeException storeFailure = assertThrows(RuntimeException.class,
                () -> await(index.recordInstance(record(instance("2.3", "2.3.1", "2.3.1.2")))));
            assertInstanceOf(IndexUnavailableException.class, storeFailure, storeFailure.toString());
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertTrue(seconds < 20, "failed fast enough, not a hang: " + seconds + " s");
        } finally {
            await(db.server.start());
        }

        // Same address again: the pool drops the dead connections and makes new ones.
        assertEquals(StoreResult.Outcome.STORED, await(index.recordInstance(record(instance("2.3", "2.3.1", "2.3.1.2")))).outcome());
        assertEquals(2, collect(index.query(IndexQuery.builder(QueryLevel.IMAGE).build())).size());
        assertEquals(2, await(index.locations(Scope.study("2.3"))).size());
    }
}
