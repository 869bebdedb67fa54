package io.sagitta.storage.store;

import static io.sagitta.storage.index.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.blob.FileBlobStore;
import io.sagitta.storage.blob.FileBlobStoreOptions;
import io.sagitta.storage.blob.S3BlobStore;
import io.sagitta.storage.blob.S3BlobStoreTest;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.StoredBlob;
import io.sagitta.storage.index.TestDatabase;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orphan sweeper on a real PostgreSQL, against the file store and S3 (S3Proxy). */
class OrphanSweeperTest {

    private static TestDatabase db;
    private static S3Proxy proxy;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        proxy = S3BlobStoreTest.startProxy(dir.resolve("s3"));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
        db.close();
        db.deleteData();
    }

    @Test
    void fileStore() {
        BlobStore blobs = await(FileBlobStore.create(db.vertx, new FileBlobStoreOptions().setRoot(dir.resolve("files"))));
        try {
            sweepsOnlyOldOrphans(blobs);
        } finally {
            await(blobs.close());
        }
    }

    @Test
    void s3Store() {
        BlobStore blobs = await(S3BlobStore.create(db.vertx, S3BlobStoreTest.options("http://127.0.0.1:" + proxy.getPort())));
        try {
            sweepsOnlyOldOrphans(blobs);
        } finally {
            await(blobs.close());
        }
    }

    private static void sweepsOnlyOldOrphans(BlobStore blobs) {
        InstanceIndex index = db.freshIndex();
        List<String> indexed = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            String key = "2026/03/0" + (i % 3 + 1) + "/1.2.7." + i + "-abc.dcm";
            BlobInfo blob = await(blobs.put(key, Buffer.buffer("bytes " + i)));
            if (i % 2 == 0) {
                orphans.add(key); // a crash between "blob durable" and "row written"
            } else {
                await(index.recordInstance(record("1.2.7." + i, blob)));
                indexed.add(key);
            }
        }

        // Now nothing is older than the minimum age: a store in flight must not lose its blob.
        OrphanSweeper young = OrphanSweeper.create(db.vertx, blobs, index, Duration.ofHours(1), Clock.systemUTC(), 2);
        SweepReport first = await(young.sweep());
        assertEquals(7, first.listed());
        assertEquals(0, first.old());
        assertEquals(0, first.deleted());
        orphans.forEach(key -> assertTrue(await(blobs.exists(key)), key));

        // Two hours later, the orphans are old enough; indexed blobs stay whatever their age.
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        OrphanSweeper old = OrphanSweeper.create(db.vertx, blobs, index, Duration.ofHours(1), later, 2);
        SweepReport second = await(old.sweep());
        assertEquals(new SweepReport(7, 7, orphans.size(), orphans.size(), 0, 0), second);
        orphans.forEach(key -> assertFalse(await(blobs.exists(key)), key));
        indexed.forEach(key -> assertTrue(await(blobs.exists(key)), key));

        assertEquals(new SweepReport(indexed.size(), indexed.size(), 0, 0, 0, 0), await(old.sweep()));
    }

    private static InstanceRecord record(String sop, BlobInfo blob) {
        Dataset d = new Dataset();
        d.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        d.setString(Tag.SOPInstanceUID, VR.UI, sop);
        d.setString(Tag.StudyInstanceUID, VR.UI, "1.2.7");
        d.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.7.1");
        d.setString(Tag.PatientID, VR.LO, "P7");
        return InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob(blob.key(), blob.size(), blob.checksum()));
    }
}
