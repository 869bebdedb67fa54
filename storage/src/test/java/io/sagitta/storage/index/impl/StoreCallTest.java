package io.sagitta.storage.index.impl;

import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.r2dbc.spi.Connection;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.index.StoredBlob;
import io.sagitta.storage.index.TestDatabase;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class StoreCallTest {

    @Test
    void aBatchIsOneCallThatSplitsItsJoinedMetadataAgain() throws Exception {
        TestDatabase db = new TestDatabase();
        try {
            Database schema = db.freshSchema();
            InstanceIndex index = await(InstanceIndex.create(db.vertx, schema)); // the schema, by the migrations
            List<InstanceRecord> records = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Dataset d = uids("1.9.1." + i);
                d.setString(Tag.PatientName, VR.PN, "O\"Brien^" + i); // quotes, escaped in the JSON
                records.add(InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob("b/" + i, 10, "c" + i)));
            }
            assertEquals(5, StoreCall.joinedMetadata(records).split("\u001e").length);
            // One call for all five: were the text not split again, the call itself would fail.
            List<Object> outcomes = await(Future.fromCompletionStage(Mono.usingWhen(schema.connections().create(),
                new StoreCall(records)::run, Connection::close).toFuture()));
            for (int i = 0; i < 5; i++) {
                assertEquals(StoreResult.Outcome.STORED, ((StoreResult) outcomes.get(i)).outcome());
                assertEquals(List.of(records.get(i).metadataJson()),
                    collect(index.metadata(Scope.instance("1.9", "1.9.1", "1.9.1." + i))));
            }
        } finally {
            db.close();
            db.deleteData();
        }
    }

    /** An instance of study 1.9, series 1.9.1, with the given SOP Instance UID: all an index row needs. */
    private static Dataset uids(String sop) {
        Dataset d = new Dataset();
        String[] values = {UID.CTImageStorage, sop, "1.9", "1.9.1"};
        int[] tags = {Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.StudyInstanceUID, Tag.SeriesInstanceUID};
        for (int i = 0; i < tags.length; i++) {
            d.setString(tags[i], VR.UI, values[i]);
        }
        return d;
    }

    private static InstanceRecord withMetadata(String json) {
        return new InstanceRecord(uids("1.9.1.1"), UID.ExplicitVRLittleEndian, new StoredBlob("k", 1, "c"), json);
    }

    @Test
    void metadataIsJoinedByTheSeparatorInOrder() {
        assertEquals("{\"a\":1}\u001e{}\u001e{\"b\":\"x\\\"y\"}", StoreCall.joinedMetadata(
            List.of(withMetadata("{\"a\":1}"), withMetadata("{}"), withMetadata("{\"b\":\"x\\\"y\"}"))));
        assertEquals("{}", StoreCall.joinedMetadata(List.of(withMetadata("{}"))));
    }

    @Test
    void aDocumentThatCouldNotBeSplitAgainIsNotJoined() {
        assertNull(StoreCall.joinedMetadata(List.of(withMetadata("{}"), withMetadata("{\"a\":\"x\u001ey\"}"))),
            "a raw separator would split one document in two");
        assertNull(StoreCall.joinedMetadata(List.of(withMetadata("{}"), withMetadata(""))),
            "an empty document would vanish from the split");
    }
}
