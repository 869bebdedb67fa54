package io.sagitta.storage.index;

import static io.sagitta.storage.index.Instances.instance;
import static io.sagitta.storage.index.Instances.record;
import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.net.NoLeaks;
import io.sagitta.storage.db.Database;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A query stream given up half-way (C-CANCEL, a QIDO client gone): the connection it ran on serves the next query,
 * and whatever the driver had read for it is released. NoLeaks fails the class on any buffer collected unreleased:
 * the driver drops the rows in flight of a cancelled stream without releasing them unless the stream releases what
 * is discarded (ReactiveBridge.readStream). A query that finds the pool's one connection held says that it timed
 * out waiting, without the pool's configuration (host, port, user) that the pool's own message carries; a store
 * meanwhile is recorded through the database's store pool.
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
            .poolInitialSize(1).poolMaxSize(1).fetchSize(2).acquireTimeout(Duration.ofSeconds(1)).build());
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

    @Test
    void aQueryThatFindsNoFreeConnectionSaysSoWithoutTheConfiguration() {
        ReadStream<InstanceLocation> held = holdTheQueryConnection();
        try {
            IndexUnavailableException e = assertThrows(IndexUnavailableException.class,
                () -> await(index.locations(Scope.study("1.10"))));
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            for (String internal : new String[] {"PostgresqlConnectionFactory", "configuration", "password", "username"}) {
                assertFalse(e.getMessage().contains(internal), "the message shows " + internal + ": " + e.getMessage());
            }
        } finally {
            held.handler(null);
        }
        assertEquals(INSTANCES, await(index.locations(Scope.study("1.10"))).size());
    }

    @Test
    void aStoreIsRecordedWhileQueriesHoldEveryConnection() {
        ReadStream<InstanceLocation> held = holdTheQueryConnection();
        try {
            StoreResult stored = await(index.recordInstance(record(instance("1.11", "1.11.1", "1.11.1.1"))));
            assertEquals(StoreResult.Outcome.STORED, stored.outcome());
        } finally {
            held.handler(null);
        }
        assertEquals(1, await(index.locations(Scope.study("1.11"))).size());
        assertEquals(1, await(index.delete(Scope.study("1.11"))).size()); // the other tests count study 1.10 only
    }

    /** A stream paused after its first row: it holds the query pool's one connection until it is cancelled. */
    private static ReadStream<InstanceLocation> holdTheQueryConnection() {
        ReadStream<InstanceLocation> held = index.allLocations();
        Promise<Void> first = Promise.promise();
        held.pause();
        held.handler(l -> first.tryComplete());
        held.fetch(1);
        await(first.future());
        return held;
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
