package io.sagitta.storage.cache;

import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoredBlob;
import io.sagitta.storage.index.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingInstanceIndexTest {

    private static final String STUDY = "1.2.9";
    private static final String SERIES = "1.2.9.1";

    private static TestDatabase db;
    private GatedIndex gated;
    private CachingInstanceIndex cached;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = new TestDatabase();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
        db.deleteData();
    }

    @BeforeEach
    void freshIndex() {
        gated = new GatedIndex(db.freshIndex());
        cached = CachingInstanceIndex.wrap(db.vertx, gated, IndexCacheOptions.DEFAULT);
    }

    private static InstanceRecord record(String series, String sop, String blobKey, String description) {
        Dataset d = new Dataset();
        d.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        d.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        d.setString(Tag.SOPInstanceUID, VR.UI, sop);
        d.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        d.setString(Tag.SeriesInstanceUID, VR.UI, series);
        d.setString(Tag.Modality, VR.CS, "CT");
        d.setString(Tag.PatientID, VR.LO, "PID-9");
        d.setString(Tag.SeriesDescription, VR.LO, description);
        return InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob(blobKey, 100, "crc:" + blobKey));
    }

    private void store(String series, String sop, String blobKey, String description) {
        await(cached.recordInstance(record(series, sop, blobKey, description)));
    }

    private List<String> sops(Scope scope) {
        return await(cached.locations(scope)).stream().map(InstanceLocation::sopInstanceUid).collect(Collectors.toList());
    }

    private List<String> metadata(Scope scope) {
        return collect(cached.metadata(scope));
    }

    @Test
    void aSecondReadIsAHitAndAnswersTheSame() {
        store(SERIES, "1.2.9.1.1", "b/1", "first");
        store(SERIES, "1.2.9.1.2", "b/2", "first");
        assertEquals(List.of("1.2.9.1.1", "1.2.9.1.2"), sops(Scope.study(STUDY)));
        assertEquals(List.of("1.2.9.1.1", "1.2.9.1.2"), sops(Scope.study(STUDY)));
        assertEquals(1, gated.locationLoads.get());
        assertEquals(1, cached.stats().get("locations").hitCount());
        assertEquals(1, cached.stats().get("locations").missCount());

        List<String> direct = collect(gated.index.metadata(Scope.series(STUDY, SERIES)));
        assertEquals(direct, metadata(Scope.series(STUDY, SERIES)));
        assertEquals(direct, metadata(Scope.series(STUDY, SERIES)));
        assertEquals(1, gated.metadataLoads.get(), "one load for two reads");
        assertEquals(1, cached.stats().get("metadata").hitCount());
    }

    @Test
    void aStoreIntoTheStudyIsSeenByStudyAndSeriesReads() {
        store(SERIES, "1.2.9.1.1", "b/1", "first");
        assertEquals(1, sops(Scope.study(STUDY)).size());
        assertEquals(1, sops(Scope.series(STUDY, SERIES)).size());
        assertEquals(1, metadata(Scope.study(STUDY)).size());
        assertEquals(1, metadata(Scope.series(STUDY, SERIES)).size());

        store(SERIES, "1.2.9.1.2", "b/2", "first");
        assertEquals(2, sops(Scope.study(STUDY)).size());
        assertEquals(2, sops(Scope.series(STUDY, SERIES)).size());
        assertEquals(2, metadata(Scope.study(STUDY)).size());
        assertEquals(2, metadata(Scope.series(STUDY, SERIES)).size());
    }

    @Test
    void aReplacementIsSeenByTheInstanceAndByTheSeriesItLeft() {
        store(SERIES, "1.2.9.1.1", "b/1", "first");
        Scope instance = Scope.instance(STUDY, SERIES, "1.2.9.1.1");
        assertEquals("b/1", await(cached.locations(instance)).get(0).blobKey());
        assertTrue(metadata(instance).get(0).contains("first"));

        store(SERIES, "1.2.9.1.1", "b/1-new", "corrected");
        assertEquals("b/1-new", await(cached.locations(instance)).get(0).blobKey());
        assertTrue(metadata(instance).get(0).contains("corrected"));

        // New bytes naming another series move the instance: the old series' entries must go too.
        assertEquals(1, sops(Scope.series(STUDY, SERIES)).size());
        store("1.2.9.2", "1.2.9.1.1", "b/1-moved", "moved");
        assertEquals(List.of(), sops(Scope.series(STUDY, SERIES)));
        assertEquals(List.of(), await(cached.locations(instance)));
        assertEquals(List.of("1.2.9.1.1"), sops(Scope.series(STUDY, "1.2.9.2")));
    }

    @Test
    void aDeleteIsSeenEverywhere() {
        store(SERIES, "1.2.9.1.1", "b/1", "first");
        store("1.2.9.2", "1.2.9.2.1", "b/2", "second");
        Scope instance = Scope.instance(STUDY, SERIES, "1.2.9.1.1");
        assertEquals(2, sops(Scope.study(STUDY)).size());
        assertEquals(1, sops(instance).size());
        assertEquals(1, metadata(Scope.series(STUDY, SERIES)).size());

        assertEquals(1, await(cached.delete(Scope.series(STUDY, SERIES))).size());
        assertEquals(List.of("1.2.9.2.1"), sops(Scope.study(STUDY)));
        assertEquals(List.of(), sops(instance));
        assertEquals(List.of(), metadata(Scope.series(STUDY, SERIES)));

        await(cached.delete(Scope.study(STUDY)));
        assertEquals(List.of(), sops(Scope.study(STUDY)));
        assertEquals(List.of(), metadata(Scope.study(STUDY)));
    }

    @Test
    void concurrentMissesShareOneLoad() {
        store(SERIES, "1.2.9.1.1", "b/1", "first");
        Promise<List<InstanceLocation>> held = gated.holdNextLocations();
        List<InstanceLocation> truth = await(gated.index.locations(Scope.study(STUDY)));
        gated.locationLoads.set(0);
        Future<List<InstanceLocation>> a = cached.locations(Scope.study(STUDY));
        Future<List<InstanceLocation>> b = cached.locations(Scope.study(STUDY));
        assertFalse(a.isComplete() || b.isComplete());
        held.complete(truth);
        assertEquals(truth, await(a));
        assertEquals(truth, await(b));
        assertEquals(1, gated.locationLoads.get());
    }

    @Test
    void aReadThatStartedBeforeAWriteIsNotServedAfterIt() {
        store(SERIES, "1.2.9.1.1", "b/1", "first");
        List<InstanceLocation> before = await(gated.index.locations(Scope.study(STUDY)));
        // The read starts (and sees the old rows), then a store commits, then the read completes.
        Promise<List<InstanceLocation>> held = gated.holdNextLocations();
        Future<List<InstanceLocation>> raced = cached.locations(Scope.study(STUDY));
        store(SERIES, "1.2.9.1.2", "b/2", "first");
        held.complete(before);
        // The raced read is answered afresh, and nothing stale stays behind in the cache.
        assertEquals(2, await(raced).size());
        assertEquals(2, sops(Scope.study(STUDY)).size());
        assertEquals(2, sops(Scope.study(STUDY)).size());
    }

    @Test
    void metadataLargerThanAnEntryMayBeIsStreamedEveryTime() {
        cached = CachingInstanceIndex.wrap(db.vertx, gated, new IndexCacheOptions(1000, 8 * 1024));
        for (int i = 1; i <= 20; i++) {
            store(SERIES, "1.2.9.1." + i, "b/" + i, "a description long enough to weigh something");
        }
        List<String> direct = collect(gated.index.metadata(Scope.study(STUDY)));
        gated.metadataLoads.set(0);
        assertEquals(direct, metadata(Scope.study(STUDY)));
        assertEquals(direct, metadata(Scope.study(STUDY)));
        // the first read tried to collect and gave up, then streamed; the second only streamed
        assertEquals(3, gated.metadataLoads.get());
        assertEquals(1, metadata(Scope.instance(STUDY, SERIES, "1.2.9.1.3")).size());
    }

    @Test
    void sizeZeroTurnsACacheOff() {
        cached = CachingInstanceIndex.wrap(db.vertx, gated, new IndexCacheOptions(0, 0));
        store(SERIES, "1.2.9.1.1", "b/1", "first");
        sops(Scope.study(STUDY));
        sops(Scope.study(STUDY));
        assertEquals(2, gated.locationLoads.get());
        assertEquals(0, cached.stats().get("locations").requestCount());
    }
}
