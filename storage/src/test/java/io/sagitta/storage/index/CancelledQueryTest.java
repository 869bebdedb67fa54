package io.sagitta.storage.index;

import static io.sagitta.storage.index.Instances.instance;
import static io.sagitta.storage.index.Instances.record;
import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.core.net.NoLeaks;
import io.sagitta.storage.db.Database;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A query stream given up half-way (C-CANCEL, a QIDO client gone): the connection it ran on serves the next query,
 * and whatever the driver had read for it is released. NoLeaks fails the class on any buffer collected unreleased:
 * the driver drops the rows in flight of a cancelled stream without releasing them unless the stream releases what
 * is discarded (ReactiveBridge.readStream).
 */
@ExtendWith(NoLeaks.class)
class CancelledQueryTest {

    private static final int INSTANCES = 50;

    private static TestDatabase db;
    private static InstanceIndex index;

    @BeforeAll
    static void oneConnectionWithRows() throws Exception {
        db = new TestDatabase();
        // One connection only: whatever a cancelled query leaves behind, the next query meets it.
        Database single = db.pool(db.freshSchema().options().toBuilder()
            .poolInitialSize(1).poolMaxSize(1).fetchSize(2).build());
        index = await(InstanceIndex.create(db.vertx, single));
        for (int i = 0; i < INSTANCES; i++) {
            await(index.recordInstance(record(instance("1.10", "1.10.1", "1.10.1." + i))));
        }
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
        db.deleteData();
    }

    @Test
    void aQueryCancelledAfterItsFirstRowLeavesItsConnectionUsable() {
        for (int round = 0; round < 10; round++) {
            cancelAfter(1, index.query(IndexQuery.builder(QueryLevel.IMAGE).build()));
            assertEquals(INSTANCES, collect(index.query(IndexQuery.builder(QueryLevel.IMAGE).build())).size());
            assertEquals(INSTANCES, await(index.locations(Scope.study("1.10"))).size());
        }
    }

    @Test
    void aStreamCancelledAnywhereLeavesItsConnectionUsable() {
        for (int rows = 0; rows < INSTANCES; rows += 7) {
            cancelAfter(rows, index.allLocations());
            assertEquals(INSTANCES, collect(index.allLocations()).size());
        }
    }

    /** Reads {@code rows} items of {@code stream} (none: cancels at once), then cancels it. */
    private static <T> void cancelAfter(int rows, ReadStream<T> stream) {
        Promise<Void> read = Promise.promise();
        int[] seen = {0};
        stream.pause();
        stream.handler(item -> {
            if (++seen[0] == rows) {
                read.tryComplete();
            }
        });
        if (rows == 0) {
            read.complete();
        }
        stream.fetch(rows);
        await(read.future());
        stream.handler(null); // C-CANCEL
    }
}
