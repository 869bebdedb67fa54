package io.sagitta.storage.store;

import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.blob.FileBlobStore;
import io.sagitta.storage.blob.FileBlobStoreOptions;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.index.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store path end to end: real blob store on disk, real embedded PostgreSQL. */
class InstanceStoreTest {

    private static TestDatabase db;
    @TempDir
    Path blobRoot;
    private BlobStore blobs;
    private InstanceStore store;

    @BeforeAll
    static void startDatabase() throws IOException {
        db = new TestDatabase();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        db.close();
        db.deleteData();
    }

    @BeforeEach
    void freshStore() {
        InstanceIndex index = db.freshIndex();
        blobs = await(FileBlobStore.create(db.vertx, new FileBlobStoreOptions().setRoot(blobRoot)));
        store = InstanceStore.create(blobs, index);
    }

    private static Dataset instance(String sop, String description) {
        Dataset d = new Dataset();
        d.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        d.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        d.setString(Tag.SOPInstanceUID, VR.UI, sop);
        d.setString(Tag.StudyDate, VR.DA, "20240102");
        d.setString(Tag.Modality, VR.CS, "CT");
        d.setString(Tag.StudyDescription, VR.LO, description);
        d.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        d.setString(Tag.PatientID, VR.LO, "PID-7");
        d.setString(Tag.StudyInstanceUID, VR.UI, "1.2.840.1");
        d.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.840.1.1");
        d.setInt(Tag.Rows, VR.US, 64);
        d.setInt(Tag.Columns, VR.US, 64);
        byte[] pixels = new byte[64 * 64 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        d.setBytes(Tag.PixelData, VR.OW, pixels);
        return d;
    }

    /** Sends the dataset bytes in chunks, as an association or a multipart reader would. */
    private StoredInstance send(byte[] dataset, String sopClass, String sop, TransferSyntax ts, int chunk) {
        InstanceWriter writer = store.begin(sopClass, sop, ts);
        Future<Void> done = Future.succeededFuture();
        for (int at = 0; at < dataset.length; at += chunk) {
            Buffer part = Buffer.buffer(Arrays.copyOfRange(dataset, at, Math.min(dataset.length, at + chunk)));
            done = done.compose(ignored -> writer.write(part));
        }
        return await(done.compose(ignored -> writer.finish()));
    }

    private byte[] blob(String key) {
        return await(blobs.get(key).compose(stream -> stream.collect(
            java.util.stream.Collector.of(Buffer::buffer, Buffer::appendBuffer, Buffer::appendBuffer)))).getBytes();
    }

    private long committedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(blobRoot.resolve("objects"))) {
            return files.filter(Files::isRegularFile).count();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    @Test
    void storesTheOriginalBytesAsAPart10FileAndIndexesThem() {
        byte[] bytes = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).toBytes(instance("1.2.840.1.1.1", "first"));
        StoredInstance stored = send(bytes, UID.CTImageStorage, "1.2.840.1.1.1", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1000);
        assertEquals(StoreResult.Outcome.STORED, stored.outcome());

        byte[] file = blob(stored.blob().key());
        assertArrayEquals(bytes, Arrays.copyOfRange(file, file.length - bytes.length, file.length),
            "the dataset bytes are kept exactly as received");
        DicomFiles.Parsed parsed = DicomFiles.parse(file, DicomParserOptions.create(), DatasetCollector.BulkValues.KEEP);
        assertEquals(UID.ExplicitVRLittleEndian, parsed.fileMeta().getString(Tag.TransferSyntaxUID));
        assertEquals("1.2.840.1.1.1", parsed.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
        assertEquals("Müller^Jürgen", parsed.dataset().getString(Tag.PatientName));

        List<InstanceLocation> locations = await(store.index().locations(Scope.study("1.2.840.1")));
        assertEquals(1, locations.size());
        assertEquals(stored.blob().key(), locations.get(0).blobKey());
        String metadata = collect(store.index().metadata(Scope.study("1.2.840.1"))).get(0);
        assertTrue(metadata.contains("Müller^Jürgen"), metadata);
        assertTrue(metadata.contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\""), "pixel data is referenced, not inlined");
    }

    @Test
    void aResentInstanceIsADuplicateAndChangedBytesReplaceIt() throws IOException {
        String sop = "1.2.840.1.1.2";
        byte[] bytes = DatasetWriter.create(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).toBytes(instance(sop, "first"));
        StoredInstance first = send(bytes, UID.CTImageStorage, sop, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, 4096);
        StoredInstance again = send(bytes, UID.CTImageStorage, sop, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, 333);
        assertEquals(StoreResult.Outcome.DUPLICATE, again.outcome());
        assertEquals(1, committedFiles(), "the duplicate's new blob is deleted");
        assertTrue(await(blobs.exists(first.blob().key())));

        byte[] changed = DatasetWriter.create(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).toBytes(instance(sop, "second"));
        StoredInstance replaced = send(changed, UID.CTImageStorage, sop, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, 4096);
        assertEquals(StoreResult.Outcome.REPLACED, replaced.outcome());
        assertFalse(await(blobs.exists(first.blob().key())), "the replaced blob is deleted");
        assertEquals(1, committedFiles());
        assertEquals(replaced.blob().key(), await(store.index().locations(Scope.study("1.2.840.1"))).get(0).blobKey());
    }

    @Test
    void keepsDeflatedAndBigEndianBytesAsTheyCame() {
        for (TransferSyntax ts : List.of(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
            String sop = ts.bigEndian() ? "1.2.840.1.1.3" : "1.2.840.1.1.4";
            byte[] bytes = DatasetWriter.create(ts).toBytes(instance(sop, ts.name()));
            StoredInstance stored = send(bytes, UID.CTImageStorage, sop, ts, 512);
            byte[] file = blob(stored.blob().key());
            assertArrayEquals(bytes, Arrays.copyOfRange(file, file.length - bytes.length, file.length));
            Dataset parsed = DicomFiles.parse(file, DicomParserOptions.create(), DatasetCollector.BulkValues.KEEP).dataset();
            assertEquals(64, parsed.getInt(Tag.Rows, 0));
        }
        assertEquals(2, await(store.index().locations(Scope.study("1.2.840.1"))).size());
    }

    @Test
    void anInstanceThatIsNotWhatItClaimsLeavesNothingBehind() throws IOException {
        byte[] bytes = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).toBytes(instance("1.2.840.1.1.5", "x"));
        assertThrows(InvalidInstanceException.class,
            () -> send(bytes, UID.CTImageStorage, "1.2.840.1.1.99", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1000));
        assertThrows(InvalidInstanceException.class,
            () -> send(bytes, UID.MRImageStorage, "1.2.840.1.1.5", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1000));
        Dataset noStudy = instance("1.2.840.1.1.6", "x");
        noStudy.remove(Tag.StudyInstanceUID);
        byte[] orphan = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).toBytes(noStudy);
        assertThrows(InvalidInstanceException.class,
            () -> send(orphan, UID.CTImageStorage, "1.2.840.1.1.6", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1000));
        assertEquals(0, committedFiles());
        assertTrue(await(store.index().locations(Scope.study("1.2.840.1"))).isEmpty());
    }

    /** As {@link #send}, the last chunk handed over with finish, as the DIMSE door does. */
    private StoredInstance sendLastWithFinish(byte[] dataset, String sop, int chunk) {
        InstanceWriter writer = store.begin(UID.CTImageStorage, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Future<Void> done = Future.succeededFuture();
        int lastStart = ((dataset.length - 1) / chunk) * chunk;
        for (int at = 0; at < lastStart; at += chunk) {
            Buffer part = Buffer.buffer(Arrays.copyOfRange(dataset, at, at + chunk));
            done = done.compose(ignored -> writer.write(part));
        }
        Buffer last = Buffer.buffer(Arrays.copyOfRange(dataset, lastStart, dataset.length));
        return await(done.compose(ignored -> writer.finish(last)));
    }

    @Test
    void theLastBytesHandedOverWithFinishMakeTheSameFile() {
        int n = 0;
        for (int chunk : new int[] {Integer.MAX_VALUE, 1000, 7}) { // all in the last chunk; several; many
            String sop = "1.2.840.1.1.2" + n++;
            byte[] bytes = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).toBytes(instance(sop, "x"));
            StoredInstance stored = sendLastWithFinish(bytes, sop, Math.min(chunk, bytes.length));
            assertEquals(StoreResult.Outcome.STORED, stored.outcome());
            byte[] file = blob(stored.blob().key());
            assertArrayEquals(bytes, Arrays.copyOfRange(file, file.length - bytes.length, file.length), "chunks of " + chunk);
            DicomFiles.Parsed parsed = DicomFiles.parse(file, DicomParserOptions.create(), DatasetCollector.BulkValues.KEEP);
            assertEquals(sop, parsed.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
            assertEquals(sop, parsed.dataset().getString(Tag.SOPInstanceUID));
            assertTrue(stored.durableNanos() > 0 && stored.indexNanos() > 0, "the phases are timed");
        }
        byte[] bytes = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).toBytes(instance("1.2.840.1.1.29", "x"));
        assertThrows(DicomParseException.class, () -> sendLastWithFinish(Arrays.copyOf(bytes, bytes.length - 10),
            "1.2.840.1.1.29", 1000), "a cut-short last chunk still fails the instance");
    }

    @Test
    void bytesThatAreNotDicomOrAreCutShortLeaveNothingBehind() throws IOException {
        byte[] bytes = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).toBytes(instance("1.2.840.1.1.7", "x"));
        assertThrows(DicomParseException.class, () -> send(Arrays.copyOf(bytes, bytes.length - 10), UID.CTImageStorage,
            "1.2.840.1.1.7", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1000));
        byte[] garbage = bytes.clone();
        garbage[4] = 'Q'; // the first element's VR
        garbage[5] = 'Q';
        assertThrows(DicomParseException.class, () -> send(garbage, UID.CTImageStorage, "1.2.840.1.1.7",
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1000));
        assertEquals(0, committedFiles());
        assertEquals(0, (int) await(blobs.sweepTemporary(java.time.Duration.ZERO)), "temporary files are gone too");
    }

    @Test
    void anAbortedInstanceLeavesNothingBehind() throws IOException {
        byte[] bytes = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).toBytes(instance("1.2.840.1.1.8", "x"));
        InstanceWriter writer = store.begin(UID.CTImageStorage, "1.2.840.1.1.8", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        await(writer.write(Buffer.buffer(Arrays.copyOf(bytes, 2000))));
        await(writer.abort());
        await(writer.abort());
        assertEquals(0, committedFiles());
        assertTrue(await(store.index().locations(Scope.study("1.2.840.1"))).isEmpty());
        assertThrows(IllegalStateException.class, () -> await(writer.write(Buffer.buffer(new byte[2]))));
    }
}
