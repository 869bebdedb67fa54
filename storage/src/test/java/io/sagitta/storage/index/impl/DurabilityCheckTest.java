package io.sagitta.storage.index.impl;

import static io.sagitta.storage.index.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.storage.index.TestDatabase;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurabilityCheckTest {

    @Test
    void reportsTheSettingsUnderWhichACommitCanBeLost() throws Exception {
        // The test database runs without fsync (its tests check behaviour, not crashes): reported.
        // (IndexRestartTest checks that the embedded options the archive uses are durable.)
        TestDatabase db = new TestDatabase();
        try {
            List<String> off = await(Future.fromCompletionStage(
                DurabilityCheck.nonDurableSettings(db.freshSchema().connections()).toFuture()));
            assertEquals(List.of("fsync=off", "full_page_writes=off", "synchronous_commit=off"), off);
        } finally {
            db.close();
            db.deleteData();
        }
    }
}
