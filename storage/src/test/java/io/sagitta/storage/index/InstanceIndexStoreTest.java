package io.sagitta.storage.index;

import static io.sagitta.storage.index.Instances.instance;
import static io.sagitta.storage.index.Instances.record;
import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import io.sagitta.core.json.DicomJsonReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstanceIndexStoreTest {

    private static TestDatabase db;
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

    @BeforeEach
    void freshIndex() {
        index = db.freshIndex();
    }

    private Dataset studyRow(String studyUid) {
        List<Dataset> rows = collect(index.query(IndexQuery.builder(QueryLevel.STUDY).studyInstanceUid(studyUid)
            .defaultReturnKeys(true).build()));
        assertEquals(1, rows.size(), "one study " + studyUid);
        return rows.get(0);
    }

    @Test
    void storeThenDuplicateThenReplace() {
        Dataset d = instance("1.2.1", "1.2.1.1", "1.2.1.1.1");
        StoreResult first = await(index.recordInstance(record(d, "blob/a", "sha256:aa")));
        assertEquals(StoreResult.Outcome.STORED, first.outcome());
        assertNull(first.obsoleteBlobKey());

        // The same bytes again under another key: nothing changes, the new blob is unused.
        StoreResult again = await(index.recordInstance(record(d, "blob/b", "sha256:aa")));
        assertEquals(StoreResult.Outcome.DUPLICATE, again.outcome());
        assertEquals("blob/b", again.obsoleteBlobKey());
        assertEquals("blob/a", await(index.locations(Scope.study("1.2.1"))).get(0).blobKey());

        // The same bytes under the same key: a duplicate with nothing to delete.
        assertNull(await(index.recordInstance(record(d, "blob/a", "sha256:aa"))).obsoleteBlobKey());

        // Other bytes: the row moves to the new blob and the old key is handed back.
        d.setString(Tag.StudyDescription, VR.LO, "corrected");
        StoreResult replaced = await(index.recordInstance(record(d, "blob/c", "sha256:cc")));
        assertEquals(StoreResult.Outcome.REPLACED, replaced.outcome());
        assertEquals("blob/a", replaced.obsoleteBlobKey());
        List<InstanceLocation> locations = await(index.locations(Scope.study("1.2.1")));
        assertEquals(1, locations.size());
        assertEquals("blob/c", locations.get(0).blobKey());
        assertEquals("sha256:cc", locations.get(0).checksum());

        Dataset row = studyRow("1.2.1");
        assertEquals(1, row.getInt(Tag.NumberOfStudyRelatedInstances, -1));
        assertEquals(1, row.getInt(Tag.NumberOfStudyRelatedSeries, -1));
        assertEquals("corrected", collect(index.query(IndexQuery.builder(QueryLevel.STUDY).returnKey(Tag.StudyDescription)
            .build())).get(0).getString(Tag.StudyDescription));
    }

    @Test
    void aLaterInstanceOfAKnownSeriesStillUpdatesPatientStudyAndSeries() {
        // The store function finds a known series, study and patient in one lookup only when nothing of them
        // would change; each attribute below changes on a later instance of the same series and must land.
        await(index.recordInstance(record(instance("1.5", "1.5.1", "1.5.1.1"))));
        String[][] changes = {
            {"PatientName", "Roe^Jane"}, {"PatientSex", "F"}, {"StudyDescription", "head"}, {"AccessionNumber", "A7"},
            {"ReferringPhysicianName", "Who^Doctor"}, {"SeriesDescription", "axial"}, {"BodyPartExamined", "HEAD"},
            {"SeriesNumber", "4"}, {"StudyDate", "20240102"}};
        int n = 1;
        for (String[] change : changes) {
            Dataset d = instance("1.5", "1.5.1", "1.5.1." + ++n);
            for (String[] earlier : changes) { // the changes so far stay, or the lookup would find a change back
                set(d, earlier[0], earlier[1]);
                if (earlier == change) {
                    break;
                }
            }
            await(index.recordInstance(record(d)));
            Dataset series = collect(index.query(IndexQuery.builder(QueryLevel.SERIES).studyInstanceUid("1.5")
                .returnKey(Tag.PatientName).returnKey(Tag.PatientSex).returnKey(Tag.StudyDescription)
                .returnKey(Tag.AccessionNumber).returnKey(Tag.ReferringPhysicianName).returnKey(Tag.SeriesDescription)
                .returnKey(Tag.BodyPartExamined).returnKey(Tag.SeriesNumber).returnKey(Tag.StudyDate).build())).get(0);
            assertEquals(change[1], series.getString(ElementDictionary.tagOf(change[0])), change[0] + " of a later instance");
        }
        Dataset row = studyRow("1.5");
        assertEquals(changes.length + 1, row.getInt(Tag.NumberOfStudyRelatedInstances, -1));
        assertEquals(1, row.getInt(Tag.NumberOfStudyRelatedSeries, -1));
    }

    private static void set(Dataset d, String keyword, String value) {
        int tag = ElementDictionary.tagOf(keyword);
        d.setString(tag, ElementDictionary.vrOf(tag), value);
    }

    @Test
    void aggregatesFollowSeriesAndModalities() {
        for (int i = 0; i < 3; i++) {
            await(index.recordInstance(record(instance("1.3", "1.3.1", "1.3.1." + i))));
        }
        Dataset mr = instance("1.3", "1.3.2", "1.3.2.1");
        mr.setString(Tag.Modality, VR.CS, "MR");
        await(index.recordInstance(record(mr)));
        Dataset row = studyRow("1.3");
        assertEquals(4, row.getInt(Tag.NumberOfStudyRelatedInstances, -1));
        assertEquals(2, row.getInt(Tag.NumberOfStudyRelatedSeries, -1));
        assertEquals(List.of("CT", "MR"), List.of(row.getStrings(Tag.ModalitiesInStudy)));
        List<Dataset> series = collect(index.query(IndexQuery.builder(QueryLevel.SERIES).studyInstanceUid("1.3")
            .defaultReturnKeys(true).orderBy(Tag.SeriesInstanceUID, false).build()));
        assertEquals(List.of(3, 1), series.stream().map(s -> s.getInt(Tag.NumberOfSeriesRelatedInstances, -1)).collect(Collectors.toList()));
    }

    @Test
    void concurrentStoresIntoOneStudyKeepExactCounts() {
        int writers = 8;
        int perWriter = 200;
        List<Future<StoreResult>> all = new ArrayList<>();
        Set<String> modalities = Set.of("CT", "MR", "PT", "US");
        // Eight writers, each a chain of stores (like eight associations), all running at once.
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Future<StoreResult> chain = Future.succeededFuture();
            for (int i = 0; i < perWriter; i++) {
                int n = i;
                chain = chain.compose(r -> {
                    String series = "1.4.1." + (n % 4);
                    Dataset d = instance("1.4", series, "1.4.1." + writer + "." + n);
                    d.setString(Tag.Modality, VR.CS, List.of("CT", "MR", "PT", "US").get(n % 4));
                    return index.recordInstance(record(d));
                });
            }
            all.add(chain);
        }
        await(Future.all(all));
        Dataset row = studyRow("1.4");
        assertEquals(writers * perWriter, row.getInt(Tag.NumberOfStudyRelatedInstances, -1));
        assertEquals(4, row.getInt(Tag.NumberOfStudyRelatedSeries, -1));
        assertEquals(modalities, Set.of(row.getStrings(Tag.ModalitiesInStudy)));
        List<Dataset> series = collect(index.query(IndexQuery.builder(QueryLevel.SERIES).studyInstanceUid("1.4")
            .returnKey(Tag.NumberOfSeriesRelatedInstances).build()));
        assertEquals(4, series.size());
        for (Dataset s : series) {
            assertEquals(writers * perWriter / 4, s.getInt(Tag.NumberOfSeriesRelatedInstances, -1));
        }
        assertEquals(writers * perWriter, await(index.locations(Scope.study("1.4"))).size());
    }

    @Test
    void concurrentStoresOfOneNewInstanceAgreeOnOneRow() {
        Dataset d = instance("1.5", "1.5.1", "1.5.1.1");
        List<Future<StoreResult>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(index.recordInstance(record(d, "blob/" + i, "sha256:same")));
        }
        await(Future.all(all));
        long stored = all.stream().filter(f -> f.result().outcome() == StoreResult.Outcome.STORED).count();
        assertEquals(1, stored);
        assertEquals(1, studyRow("1.5").getInt(Tag.NumberOfStudyRelatedInstances, -1));
    }

    @Test
    void concurrentStoresOfOneNewInstanceIntoAnExistingStudyAllSucceed() {
        // The study and series exist, as when a folder holding a file and its copy is imported, and
        // half the copies differ (replacements). Such a race was seen to deadlock in PostgreSQL once;
        // the index runs a deadlock victim again. (This test has not reproduced the deadlock itself.)
        for (int round = 0; round < 5; round++) {
            String study = "1.9." + round;
            await(index.recordInstance(record(instance(study, study + ".1", study + ".1.0"))));
            Dataset d = instance(study, study + ".1", study + ".1.1");
            List<Future<StoreResult>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(index.recordInstance(record(d, "blob/" + round + "/" + i, "sha256:" + (i % 2))));
            }
            await(Future.all(all));
            assertEquals(2, studyRow(study).getInt(Tag.NumberOfStudyRelatedInstances, -1));
        }
    }

    @Test
    void aRefusedInstanceInABatchFailsAloneAndTheRestAreStored() {
        await(index.recordInstance(record(instance("1.12", "1.12.1", "1.12.1.1"))));
        // Forty stores at once: with at most two calls running, most of them go in shared batches.
        // One names series 1.12.1 under another study, which the index refuses.
        List<Future<StoreResult>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String series = i == 17 ? "1.12.1" : "1.13.1";
            all.add(index.recordInstance(record(instance("1.13", series, "1.13.1." + i))));
        }
        await(Future.join(all).otherwiseEmpty());
        for (int i = 0; i < 40; i++) {
            Future<StoreResult> f = all.get(i);
            if (i == 17) {
                assertTrue(f.failed(), "the instance naming another study's series is refused");
                assertTrue(f.cause() instanceof IndexException, f.cause().toString());
                assertTrue(f.cause().getMessage().contains("1.12.1"), f.cause().getMessage());
            } else {
                assertEquals(StoreResult.Outcome.STORED, f.result().outcome(), "instance " + i);
            }
        }
        assertEquals(39, studyRow("1.13").getInt(Tag.NumberOfStudyRelatedInstances, -1));
        assertEquals(1, studyRow("1.12").getInt(Tag.NumberOfStudyRelatedInstances, -1));
    }

    @Test
    void textThatArrayLiteralsEscapeComesBackExactly() {
        // The store call passes each attribute as an array: quotes, braces, commas and the word NULL
        // must arrive as themselves, empty values as no value, and the metadata JSON (whose escapes
        // hold backslashes) byte for byte. (A backslash in a DICOM string separates values.)
        List<String> awkward = List.of("O\"Brien^Jo", "{x}^y", "NULL", "a,b^c d", "Zoë^Ångström", "{\"}");
        List<InstanceRecord> records = new ArrayList<>();
        List<Future<StoreResult>> all = new ArrayList<>();
        for (int i = 0; i < awkward.size(); i++) {
            Dataset d = instance("1.14." + i, "1.14." + i + ".1", "1.14." + i + ".1.1");
            d.setString(Tag.PatientID, VR.LO, "PID-" + i);
            d.setString(Tag.PatientName, VR.PN, awkward.get(i));
            d.setString(Tag.StudyDescription, VR.LO, awkward.get(awkward.size() - 1 - i));
            d.setString(Tag.AccessionNumber, VR.SH, "");
            d.setString(Tag.StudyDate, VR.DA, "20240229");
            d.setString(Tag.StudyTime, VR.TM, "235959.123456");
            records.add(record(d));
            all.add(index.recordInstance(records.get(i)));
        }
        await(Future.all(all));
        assertTrue(records.get(0).metadataJson().contains("\\\""), "the metadata holds an escaped quote");
        for (int i = 0; i < awkward.size(); i++) {
            assertEquals(List.of(records.get(i).metadataJson()), collect(index.metadata(Scope.study("1.14." + i))));
            Dataset row = collect(index.query(IndexQuery.builder(QueryLevel.STUDY).studyInstanceUid("1.14." + i)
                .returnKey(Tag.PatientName).returnKey(Tag.StudyDescription).returnKey(Tag.AccessionNumber)
                .returnKey(Tag.StudyDate).returnKey(Tag.StudyTime).build())).get(0);
            assertEquals(awkward.get(i), row.getString(Tag.PatientName));
            assertEquals(awkward.get(awkward.size() - 1 - i), row.getString(Tag.StudyDescription));
            assertNull(row.getString(Tag.AccessionNumber));
            assertEquals(java.time.LocalDate.of(2024, 2, 29), row.getDate(Tag.StudyDate));
            assertEquals(java.time.LocalTime.of(23, 59, 59, 123_456_000), row.getTime(Tag.StudyTime));
        }
    }

    @Test
    void metadataComesBackExactlyWhetherTheBatchJoinsItOrNot() {
        // A batch's metadata goes as one text joined by U+001E, which DICOM JSON never holds raw; a record
        // holding one anyway (made by hand here) sends its batch's metadata as an array. Stored together,
        // in whatever batches the index makes of them, every document comes back as it went.
        List<InstanceRecord> records = new ArrayList<>();
        List<Future<StoreResult>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            InstanceRecord plain = record(instance("1.15", "1.15.1", "1.15.1." + i));
            String json = i % 4 == 3 ? plain.metadataJson().replace("Doe^John", "Doe\u001eJohn")
                : plain.metadataJson();
            records.add(new InstanceRecord(plain.attributes(), plain.transferSyntaxUid(), plain.blob(), json));
            all.add(index.recordInstance(records.get(i)));
        }
        await(Future.all(all));
        assertTrue(records.get(3).metadataJson().indexOf('\u001e') >= 0, "a document holds the separator raw");
        for (int i = 0; i < 12; i++) {
            assertEquals(List.of(records.get(i).metadataJson()),
                collect(index.metadata(Scope.instance("1.15", "1.15.1", "1.15.1." + i))));
        }
    }

    @Test
    void deleteInstanceSeriesAndStudyReturnsBlobKeysAndMovesCounts() {
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 3; i++) {
                await(index.recordInstance(record(instance("1.6", "1.6." + s, "1.6." + s + "." + i))));
            }
        }
        List<InstanceLocation> one = await(index.delete(Scope.instance("1.6", "1.6.0", "1.6.0.0")));
        assertEquals(List.of("blob/1.6.0.0"), one.stream().map(InstanceLocation::blobKey).collect(Collectors.toList()));
        assertEquals(5, studyRow("1.6").getInt(Tag.NumberOfStudyRelatedInstances, -1));

        List<InstanceLocation> series = await(index.delete(Scope.series("1.6", "1.6.0")));
        assertEquals(2, series.size());
        Dataset row = studyRow("1.6");
        assertEquals(3, row.getInt(Tag.NumberOfStudyRelatedInstances, -1));
        assertEquals(1, row.getInt(Tag.NumberOfStudyRelatedSeries, -1));

        List<InstanceLocation> study = await(index.delete(Scope.study("1.6")));
        assertEquals(Set.of("blob/1.6.1.0", "blob/1.6.1.1", "blob/1.6.1.2"),
            study.stream().map(InstanceLocation::blobKey).collect(Collectors.toSet()));
        assertTrue(collect(index.query(IndexQuery.builder(QueryLevel.STUDY).build())).isEmpty());
        assertTrue(collect(index.query(IndexQuery.builder(QueryLevel.PATIENT).build())).isEmpty(), "empty patient removed");
        assertTrue(await(index.delete(Scope.study("1.6"))).isEmpty(), "deleting again removes nothing");
        assertTrue(await(index.delete(Scope.study("9.9.9"))).isEmpty());
    }

    @Test
    void locationsAndMetadataCoverStudySeriesInstance() {
        for (int i = 3; i >= 1; i--) {
            Dataset d = instance("1.7", "1.7.1", "1.7.1." + i);
            d.setInt(Tag.InstanceNumber, VR.IS, i);
            d.setValue(Tag.PixelData, VR.OW, BulkData.ofRange(1234, 5000));
            await(index.recordInstance(record(d)));
        }
        List<InstanceLocation> locations = await(index.locations(Scope.series("1.7", "1.7.1")));
        assertEquals(List.of("1.7.1.1", "1.7.1.2", "1.7.1.3"),
            locations.stream().map(InstanceLocation::sopInstanceUid).collect(Collectors.toList()), "instance number order");
        InstanceLocation first = locations.get(0);
        assertEquals("1.7", first.studyInstanceUid());
        assertEquals("1.7.1", first.seriesInstanceUid());
        assertEquals(io.sagitta.core.data.UID.ExplicitVRLittleEndian, first.transferSyntaxUid());
        assertEquals(io.sagitta.core.data.UID.CTImageStorage, first.sopClassUid());
        assertEquals(1000, first.size());
        assertEquals(1, await(index.locations(Scope.instance("1.7", "1.7.1", "1.7.1.2"))).size());
        assertTrue(await(index.locations(Scope.study("nope"))).isEmpty());

        List<String> json = collect(index.metadata(Scope.study("1.7")));
        assertEquals(3, json.size());
        Dataset metadata = DicomJsonReader.create().readDataset(json.get(0));
        assertEquals("1.7.1.1", metadata.getString(Tag.SOPInstanceUID));
        assertEquals("bulkdata/7FE00010", metadata.getBulkData(Tag.PixelData).uri());
        assertEquals(1, collect(index.metadata(Scope.instance("1.7", "1.7.1", "1.7.1.3"))).size());
    }

    @Test
    void allLocationsStreamsEveryInstanceInStoreOrder() {
        await(index.recordInstance(record(instance("1.10", "1.10.1", "1.10.1.2"), "blob/x2", "00000002")));
        await(index.recordInstance(record(instance("1.11", "1.11.1", "1.11.1.1"), "blob/y1", "00000003")));
        await(index.recordInstance(record(instance("1.10", "1.10.1", "1.10.1.1"), "blob/x1", "00000001")));
        List<InstanceLocation> all = collect(index.allLocations());
        assertEquals(List.of("blob/x2", "blob/y1", "blob/x1"),
            all.stream().map(InstanceLocation::blobKey).collect(Collectors.toList()));
        assertEquals("1.11", all.get(1).studyInstanceUid());
        assertEquals("00000003", all.get(1).checksum());
    }

    @Test
    void instancesWithoutIdentifyingUidsAreRefused() {
        Dataset d = instance("1.8", "1.8.1", "1.8.1.1");
        d.remove(Tag.SeriesInstanceUID);
        assertThrows(IllegalArgumentException.class, () -> record(d));
    }

    @Test
    void futuresAndStreamItemsCompleteOnTheCallersEventLoop() {
        Vertx vertx = db.vertx;
        Context context = vertx.getOrCreateContext();
        Set<String> wrong = ConcurrentHashMap.newKeySet();
        Promise<Integer> done = Promise.promise();
        context.runOnContext(v -> index.recordInstance(record(instance("1.9", "1.9.1", "1.9.1.1")))
            .onComplete(r -> check(context, wrong, "store"))
            .compose(r -> {
                Promise<Integer> rows = Promise.promise();
                int[] count = {0};
                index.query(IndexQuery.builder(QueryLevel.IMAGE).studyInstanceUid("1.9").build())
                    .exceptionHandler(rows::fail)
                    .endHandler(x -> {
                        check(context, wrong, "end");
                        rows.complete(count[0]);
                    })
                    .handler(item -> {
                        check(context, wrong, "item");
                        count[0]++;
                    });
                return rows.future();
            })
            .compose(n -> index.locations(Scope.study("1.9")).onComplete(r -> check(context, wrong, "locations")).map(n))
            .onComplete(done));
        assertEquals(1, await(done.future()));
        assertTrue(wrong.isEmpty(), "completed off the caller's context: " + wrong);
    }

    private static void check(Context expected, Set<String> wrong, String what) {
        if (Vertx.currentContext() != expected || !Context.isOnEventLoopThread()) {
            wrong.add(what + " on " + Thread.currentThread().getName());
        }
    }

    @Test
    void mainCodeNeverBlocksOnAPublisher() throws Exception {
        Path main = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String s = Files.readString(p);
                    return s.contains(".block(") || s.contains(".blockFirst(") || s.contains(".blockLast(")
                        || s.contains(".toFuture().get(") || s.contains(".join()");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).collect(Collectors.toList());
            assertTrue(offenders.isEmpty(), "blocking calls in " + offenders);
        }
    }
}
