package io.sagitta.dicomweb.wado;

import static io.sagitta.dicomweb.Instances.instance;
import static io.sagitta.dicomweb.TestArchive.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.StoredInstances;
import io.sagitta.dicomweb.TestArchive;
import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobReadStream;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.blob.BlobUpload;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Layouts are parsed once per blob while they fit the cache, and again once evicted. */
class PixelDataLayoutsTest {

    /** The file store, counting whole-blob reads (the parses); ranged reads pass uncounted. */
    private static final class CountingBlobStore implements BlobStore {
        final BlobStore delegate;
        final AtomicInteger wholeReads = new AtomicInteger();

        CountingBlobStore(BlobStore delegate) {
            this.delegate = delegate;
        }

        @Override public BlobUpload begin(String key) { return delegate.begin(key); }
        @Override public Future<BlobInfo> head(String key) { return delegate.head(key); }
        @Override public Future<Boolean> exists(String key) { return delegate.exists(key); }
        @Override public Future<BlobReadStream> get(String key) {
            wholeReads.incrementAndGet();
            return delegate.get(key);
        }
        @Override public Future<BlobReadStream> get(String key, long offset, long length) { return delegate.get(key, offset, length); }
        @Override public Future<Buffer> readRanges(String key, List<long[]> ranges) { return delegate.readRanges(key, ranges); }
        @Override public Future<Boolean> delete(String key) { return delegate.delete(key); }
        @Override public Future<BlobInfo> verify(String key) { return delegate.verify(key); }
        @Override public Future<Integer> sweepTemporary(Duration olderThan) { return delegate.sweepTemporary(olderThan); }
        @Override public Future<io.sagitta.storage.blob.BlobPage> list(String startAfter, int limit) { return delegate.list(startAfter, limit); }
        @Override public Future<Void> close() { return delegate.close(); }
    }

    @Test
    void parsedOncePerBlobWhileCached() throws IOException {
        try (TestArchive archive = new TestArchive(TestArchive.mounts("/dicom-web", DicomWebOptions.DEFAULT), true)) {
            InstanceStore store = InstanceStore.create(archive.blobs, archive.index);
            String[] keys = new String[3];
            for (int i = 0; i < 3; i++) {
                Dataset d = instance("Cache^C", "C1", "1.2.826.0.1.3680043.10.543.600.1", "20240505",
                    "1.2.826.0.1.3680043.10.543.600.1.1", 1, "CT", "1.2.826.0.1.3680043.10.543.600.1.1." + i, i);
                d.remove(Tag.PixelData);
                d.setString(Tag.NumberOfFrames, VR.IS, "2");
                keys[i] = StoredInstances.store(store, d, UID.JPEGBaseline8Bit, StoredInstances.encapsulated(new int[0],
                    new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}, new byte[] {(byte) 0xFF, (byte) 0xD8, 3, 4}));
            }
            CountingBlobStore counting = new CountingBlobStore(archive.blobs);
            // Room for two layouts of 3 weight each (the table and two fragments).
            PixelDataLayouts layouts = new PixelDataLayouts(counting, 6);
            PixelDataLayout first = await(layouts.layout(keys[0]));
            assertEquals(2, first.numberOfFrames());
            assertEquals(3, first.fragments().size());
            assertSame(first, await(layouts.layout(keys[0])));
            assertEquals(1, counting.wholeReads.get(), "the second answer came from the cache");
            await(layouts.layout(keys[1]));
            await(layouts.layout(keys[2])); // more than fits: one of the earlier is evicted
            assertEquals(3, counting.wholeReads.get());
            await(layouts.layout(keys[0]));
            await(layouts.layout(keys[1]));
            await(layouts.layout(keys[2]));
            assertEquals(true, counting.wholeReads.get() > 3, "an evicted layout is parsed again");
        }
    }
}
