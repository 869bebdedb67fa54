package io.sagitta.storage.index;

import static io.sagitta.storage.index.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Queries collected from a thread that is not Vert.x's (a test, a tool's main thread): each must
 * complete. collect() sets the handler, then the end handler, from that thread; a short result
 * could end in between, and the end was lost (about once in a few thousand; the index benchmark
 * found it).
 */
class QueryFromAnyThreadTest {

    private static TestDatabase db;
    private static InstanceIndex index;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        index = db.freshIndex();
        for (int i = 1; i <= 3; i++) {
            await(index.recordInstance(Instances.record(Instances.instance("1.3." + i, "1.3." + i + ".1", "1.3." + i + ".1.1"))));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        db.deleteData();
    }

    @Test
    void theEndWaitsForAnEndHandlerSetLate() throws Exception {
        // What collect() does from a foreign thread, slowed down: the rows and the end arrive
        // before the end handler is set; it must still be called.
        io.vertx.core.streams.ReadStream<Dataset> stream = index.query(IndexQuery.builder(QueryLevel.STUDY)
            .match(Tag.StudyInstanceUID, "1.3.2").build());
        List<Dataset> rows = new java.util.concurrent.CopyOnWriteArrayList<>();
        stream.handler(rows::add);
        Thread.sleep(1000);
        java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
        stream.endHandler(v -> ended.complete(null));
        ended.get(20, TimeUnit.SECONDS);
        assertEquals(1, rows.size());
    }

    @Test
    void manyQueriesFromATestThreadAllComplete() throws Exception {
        for (int i = 0; i < 4000; i++) {
            IndexQuery query = IndexQuery.builder(QueryLevel.STUDY)
                .match(Tag.StudyInstanceUID, i % 2 == 0 ? "1.3.1" : "9.9.9").defaultReturnKeys(true).build();
            List<Dataset> rows = index.query(query).collect(Collectors.toList())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertEquals(i % 2 == 0 ? 1 : 0, rows.size(), "query " + i);
        }
    }
}
