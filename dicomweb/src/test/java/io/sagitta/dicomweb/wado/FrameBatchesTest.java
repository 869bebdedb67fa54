package io.sagitta.dicomweb.wado;

import static io.sagitta.dicomweb.Instances.instance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.StoredInstances;
import io.sagitta.dicomweb.TestArchive;
import io.sagitta.storage.store.InstanceStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames of mixed sizes around {@link RangeResponse#WHOLE_READ_LIMIT}: small ones are read whole,
 * several per read, big ones streamed, in any order, and every part still carries exactly its
 * frame's bytes. One encapsulated instance with a Basic Offset Table has frames of 1,000 bytes,
 * 5 MiB (streamed), 2 MiB in two fragments and 3 MiB.
 */
class FrameBatchesTest {

    private static final String ROOT = "1.2.826.0.1.3680043.10.543.410.";
    static final String STUDY = ROOT + "1";
    static final String SERIES = STUDY + ".1";
    static final String MIXED = SERIES + ".1";
    static final String GONE = SERIES + ".2"; // the same frames, its blob deleted once its layout is cached
    static final int MiB = 1024 * 1024;

    static TestArchive archive;
    /** The fragments: frame 1, frame 2, frame 3 (two), frame 4. */
    static final byte[][] fragments = {random(1000, 1), random(5 * MiB, 2), random(MiB, 3), random(MiB, 4), random(3 * MiB, 5)};

    @BeforeAll
    static void seed() throws IOException {
        archive = new TestArchive(TestArchive.mounts("/dicom-web", DicomWebOptions.DEFAULT), true);
        InstanceStore store = InstanceStore.create(archive.blobs, archive.index);
        // Offsets of each frame's first fragment from the first fragment's item tag.
        int[] offsets = new int[4];
        offsets[1] = 8 + fragments[0].length;
        offsets[2] = offsets[1] + 8 + fragments[1].length;
        offsets[3] = offsets[2] + 8 + fragments[2].length + 8 + fragments[3].length;
        byte[] pixelData = StoredInstances.encapsulated(offsets, fragments);
        StoredInstances.store(store, base(MIXED, 1), UID.JPEGBaseline8Bit, pixelData);
        String gone = StoredInstances.store(store, base(GONE, 2), UID.JPEGBaseline8Bit, pixelData);
        // Served once, so its layout is cached and the requests below reach the frame reads.
        assertEquals(200, get(GONE, "1", "application/octet-stream").statusCode());
        Files.delete(archive.dataDirectory.resolve("blobs").resolve("objects").resolve(gone));
    }

    @AfterAll
    static void close() throws IOException {
        if (archive != null) {
            archive.close();
        }
    }

    private static Dataset base(String sop, int number) {
        Dataset d = instance("Batch^Bo", "B1", STUDY, "20240404", SERIES, 1, "CT", sop, number);
        d.remove(Tag.PixelData);
        d.setString(Tag.NumberOfFrames, VR.IS, "4");
        d.setInt(Tag.BitsAllocated, VR.US, 8);
        d.setInt(Tag.BitsStored, VR.US, 8);
        d.setInt(Tag.HighBit, VR.US, 7);
        return d;
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The bytes of frame {@code n} (1-based). */
    private static byte[] frame(int n) {
        return switch (n) {
            case 1 -> fragments[0];
            case 2 -> fragments[1];
            case 3 -> concat(fragments[2], fragments[3]);
            case 4 -> fragments[4];
            default -> throw new IllegalArgumentException("frame " + n);
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static HttpResponse<byte[]> get(String sop, String list, String accept) {
        return archive.getBytes("/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances/" + sop + "/frames/" + list,
            "Accept", accept);
    }

    private static HttpResponse<byte[]> multipart(String list) {
        HttpResponse<byte[]> r = get(MIXED, list, "multipart/related; type=application/octet-stream; transfer-syntax=*");
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return r;
    }

    private static void assertFrames(HttpResponse<byte[]> r, int... frames) {
        List<Multipart.Part> parts = Multipart.parse(r.headers().firstValue("Content-Type").orElseThrow(), r.body());
        assertEquals(frames.length, parts.size());
        for (int i = 0; i < frames.length; i++) {
            assertEquals("application/octet-stream; transfer-syntax=" + UID.JPEGBaseline8Bit, parts.get(i).contentType());
            assertArrayEquals(frame(frames[i]), parts.get(i).body(), "part " + (i + 1) + ", frame " + frames[i]);
        }
    }

    @Test
    void smallAndBigFramesMixInAnyOrder() {
        // Whole (1), streamed (2), whole (3), whole (4 and 1 together): the read ahead skips the streamed one.
        assertFrames(multipart("1,2,3,4,1"), 1, 2, 3, 4, 1);
        // Streamed first (opened before the head), then whole batches.
        assertFrames(multipart("2,1,4,2"), 2, 1, 4, 2);
        assertFrames(multipart("2"), 2);
    }

    @Test
    void aResponseThatFitsOneReadGoesOutWithItsLength() {
        HttpResponse<byte[]> r = multipart("1,3,1");
        assertFrames(r, 1, 3, 1);
        assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElse("none"));
    }

    @Test
    void aSinglePartIsTheFrameWholeOrStreamed() {
        for (int n = 1; n <= 4; n++) {
            HttpResponse<byte[]> r = get(MIXED, String.valueOf(n), "application/octet-stream");
            assertEquals(200, r.statusCode());
            assertEquals("application/octet-stream; transfer-syntax=" + UID.JPEGBaseline8Bit,
                r.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(String.valueOf(frame(n).length), r.headers().firstValue("Content-Length").orElseThrow());
            assertArrayEquals(frame(n), r.body(), "frame " + n);
        }
    }

    @Test
    void aMissingBlobIs503WhetherTheFirstFrameIsReadWholeOrStreamed() {
        for (String list : new String[] {"1", "2", "1,2", "2,1"}) {
            HttpResponse<byte[]> r = get(GONE, list, "multipart/related; type=application/octet-stream; transfer-syntax=*");
            assertEquals(503, r.statusCode(), list);
            assertTrue(!r.headers().firstValue("Content-Type").orElse("").startsWith("multipart/"), list);
        }
        assertEquals(503, get(GONE, "1", "application/octet-stream").statusCode());
        assertEquals(503, get(GONE, "2", "application/octet-stream").statusCode());
    }
}
