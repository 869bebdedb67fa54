package io.sagitta.storage.index.impl;

import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.QueryLevel;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.index.StoredBlob;
import io.sagitta.storage.index.TestDatabase;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class StoreCallTest {

    private static TestDatabase db;
    private Database schema;
    private InstanceIndex index;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = new TestDatabase();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
        db.deleteData();
    }

    /** A schema of its own for each test, made by the migrations. */
    @BeforeEach
    void freshSchema() {
        schema = db.freshSchema();
        index = await(InstanceIndex.create(db.vertx, schema));
    }

    /** Runs {@code work} on a connection of {@code pool}, closed afterwards; answers its last item. */
    private static <T> T onConnection(ConnectionFactory pool, Function<Connection, Publisher<T>> work) {
        return await(Future.fromCompletionStage(Mono.usingWhen(pool.create(), c -> Mono.from(work.apply(c)),
            Connection::close).toFuture()));
    }

    @Test
    void aBatchIsOneCallThatSplitsItsJoinedMetadataAgain() {
        List<InstanceRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Dataset d = uids("1.9.1." + i);
            d.setString(Tag.PatientName, VR.PN, "O\"Brien^" + i); // quotes, escaped in the JSON
            records.add(InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob("b/" + i, 10, "c" + i)));
        }
        assertEquals(5, StoreCall.joinedMetadata(records).split("\u001e").length);
        // One call for all five: were the text not split again, the call itself would fail.
        List<Object> outcomes = onConnection(schema.connections(), new StoreCall(records)::run);
        for (int i = 0; i < 5; i++) {
            assertEquals(StoreResult.Outcome.STORED, ((StoreResult) outcomes.get(i)).outcome());
            assertEquals(List.of(records.get(i).metadataJson()),
                collect(index.metadata(Scope.instance("1.9", "1.9.1", "1.9.1." + i))));
        }
    }

    @Test
    void oneBatchOfNewCopiedAndMovedInstancesInTwoStudiesLeavesExactCounts() {
        // One call mixing every outcome: new instances (one in a new series), a re-send, a replacement that
        // moves an instance out of a series and leaves it empty, and two studies in turn.
        await(index.recordInstance(record(instance("5", "5.1", "5.1.1", "CT"), "b/old1", "c1")));
        await(index.recordInstance(record(instance("5", "5.2", "5.2.1", "PT"), "b/old2", "c2")));
        List<InstanceRecord> batch = List.of(
            record(instance("5", "5.1", "5.1.2", "CT"), "b/1", "n1"),   // new
            record(instance("5", "5.3", "5.3.1", "MR"), "b/2", "n2"),   // new, in a new series
            record(instance("5", "5.1", "5.1.1", "CT"), "b/3", "c1"),   // the same bytes again
            record(instance("5", "5.1", "5.2.1", "CT"), "b/4", "n4"),   // replaced, moved out of 5.2 (left empty)
            record(instance("6", "6.1", "6.1.1", "US"), "b/5", "n5"),   // another study
            record(instance("5", "5.1", "5.1.3", "CT"), "b/6", "n6"),   // back to the first
            record(instance("6", "6.1", "6.1.2", "US"), "b/7", "n7"));
        List<Object> outcomes = onConnection(schema.connections(), new StoreCall(batch)::run);
        assertEquals(List.of("STORED", "STORED", "DUPLICATE", "REPLACED", "STORED", "STORED", "STORED"),
            outcomes.stream().map(o -> ((StoreResult) o).outcome().name()).toList());
        // Per study: instances, series, modalities as counted, then instances and series as they are.
        assertEquals(List.of("5 5 2 CT\\MR 5 2", "6 2 1 US 2 1"), collect(index.query(IndexQuery.builder(QueryLevel.STUDY)
            .returnKey(Tag.NumberOfStudyRelatedInstances).returnKey(Tag.NumberOfStudyRelatedSeries)
            .returnKey(Tag.ModalitiesInStudy).orderBy(Tag.StudyInstanceUID, false).build()))
            .stream().map(study -> countsAndContents(index, study)).toList());
        assertEquals(List.of("5.1 4", "5.3 1", "6.1 2"), collect(index.query(IndexQuery.builder(QueryLevel.SERIES)
            .returnKey(Tag.NumberOfSeriesRelatedInstances).orderBy(Tag.SeriesInstanceUID, false).build()))
            .stream().map(se -> se.getString(Tag.SeriesInstanceUID) + " " + se.getInt(Tag.NumberOfSeriesRelatedInstances, -1))
            .toList());
    }

    @Test
    void theStorePoolKeepsTheCallPreparedAndTheQueryPoolDoesNot() {
        assertEquals(List.of(1L, 1L), preparedStoreCalls(schema.storeConnections(), "1.9.1.20", "1.9.1.21"),
            "parsed once, then run again as prepared");
        assertEquals(List.of(0L, 0L), preparedStoreCalls(schema.connections(), "1.9.1.22", "1.9.1.23"),
            "queries are planned for their values each time");
    }

    /** Stores one instance per UID on one connection of {@code pool}, each followed by a count of its prepared store calls. */
    private static List<Long> preparedStoreCalls(ConnectionFactory pool, String... sopUids) {
        return onConnection(pool, c -> Flux.fromArray(sopUids)
            .concatMap(uid -> new StoreCall(List.of(InstanceRecord.of(uids(uid), UID.ExplicitVRLittleEndian,
                    new StoredBlob("b/" + uid, 10, uid)))).run(c)
                .thenMany(Flux.from(c.createStatement("SELECT count(*) FROM pg_prepared_statements"
                    + " WHERE statement LIKE '%store_instances%'").execute()))
                .concatMap(r -> r.map((row, m) -> row.get(0, Long.class))))
            .collectList());
    }

    @Test
    void metadataOfAUsualSizeStaysInTheRowUncompressed() {
        // Migration V7: no pglz, no out-of-line copy for a document that fits the row (about 7 kB here).
        Dataset d = uids("1.9.1.7");
        d.setString(Tag.StudyDescription, VR.LO, "x".repeat(60));
        for (int i = 0; i < 100; i++) { // private text elements: a document of a usual size, very compressible
            d.setString(0x00291000 | (0x10 << 8) | i, VR.LO, "value " + i + " of a private element");
        }
        d.setString(0x00290010, VR.LO, "SAGITTA TEST");
        InstanceRecord record = InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob("b/7", 10, "c7"));
        int length = record.metadataJson().length();
        assertTrue(length > 5000 && length < 8000, "a document of " + length + " characters");
        await(index.recordInstance(record));
        List<String> row = onConnection(schema.connections(), c -> Flux.from(c.createStatement(
                "SELECT coalesce(pg_column_compression(metadata), 'none'),"
                    + " pg_column_size(metadata) >= octet_length(metadata) FROM instance").execute())
            .concatMap(r -> r.map((x, m) -> x.get(0, String.class) + " " + x.get(1, Boolean.class)))
            .collectList());
        assertEquals(List.of("none true"), row, "compression, and a size that is the document's own");
    }

    private static String countsAndContents(InstanceIndex index, Dataset study) {
        String uid = study.getString(Tag.StudyInstanceUID);
        return uid + " " + study.getInt(Tag.NumberOfStudyRelatedInstances, -1)
            + " " + study.getInt(Tag.NumberOfStudyRelatedSeries, -1)
            + " " + String.join("\\", study.getStrings(Tag.ModalitiesInStudy))
            + " " + await(index.locations(Scope.study(uid))).size()
            + " " + collect(index.query(IndexQuery.builder(QueryLevel.SERIES).studyInstanceUid(uid).build())).size();
    }

    private static Dataset instance(String study, String series, String sop, String modality) {
        Dataset d = new Dataset();
        d.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        d.setString(Tag.SOPInstanceUID, VR.UI, sop);
        d.setString(Tag.StudyInstanceUID, VR.UI, study);
        d.setString(Tag.SeriesInstanceUID, VR.UI, series);
        d.setString(Tag.Modality, VR.CS, modality);
        return d;
    }

    private static InstanceRecord record(Dataset d, String blobKey, String checksum) {
        return InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob(blobKey, 10, checksum));
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
