package io.sagitta.dicomweb.wado;

import static io.sagitta.dicomweb.Instances.instance;
import static io.sagitta.dicomweb.TestArchive.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.StoredInstances;
import io.sagitta.dicomweb.TestArchive;
import io.sagitta.storage.blob.BlobReadStream;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WADO-RS instance and frame retrieval and WADO-URI against a real PostgreSQL index and a real
 * file blob store, instances stored through the archive's one store path, answers read with the
 * JDK HTTP client and taken apart with a strict multipart reader.
 */
class WadoRoutesTest {

    private static final String ROOT = "1.2.826.0.1.3680043.10.543.200.";
    static final String STUDY = ROOT + "1";
    static final String SERIES_E = STUDY + ".1"; // explicit VR little endian
    static final String SERIES_I = STUDY + ".2"; // implicit VR little endian
    static final String SERIES_F = STUDY + ".3"; // multi-frame: native and encapsulated
    static final String E1 = SERIES_E + ".1";
    static final String E2 = SERIES_E + ".2";
    static final String I1 = SERIES_I + ".1";
    static final String I2 = SERIES_I + ".2"; // with sequences
    static final String NATIVE3 = SERIES_F + ".1";
    static final String JPEG2 = SERIES_F + ".2";      // 2 frames in 2 fragments, with a Basic Offset Table
    static final String JPEG2_SPLIT = SERIES_F + ".3"; // 2 frames in 3 fragments, with a Basic Offset Table
    static final String JPEG2_NOBOT = SERIES_F + ".4"; // 2 frames in 3 fragments, no Basic Offset Table
    static final String BROKEN_STUDY = ROOT + "2";
    static final String BROKEN_SERIES = BROKEN_STUDY + ".1";
    static final String BIG_STUDY = ROOT + "3";
    static final String BIG_SERIES = BIG_STUDY + ".1";
    static final String BIG = BIG_SERIES + ".1";
    static final int BIG_PIXELS = 30 * 1024 * 1024;
    /** An implicit VR instance of 1 MB of pixels: its transcoding spans many blob chunks. */
    static final String IMPLICIT_STUDY = ROOT + "4";
    static final String IMPLICIT_SERIES = IMPLICIT_STUDY + ".1";
    static final String IMPLICIT_BIG = IMPLICIT_SERIES + ".1";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    /** Instances of 3 MiB each, read whole: many more than the socket buffers hold between server and client. */
    static final String WIDE_STUDY = ROOT + "5";
    static final String WIDE_SERIES = WIDE_STUDY + ".1";
    static final int WIDE_INSTANCES = 10;

    static TestArchive archive;
    static InstanceStore store;
    /** SOP Instance UID to blob key. */
    static final Map<String, String> keys = new HashMap<>();
    static byte[] nativeFrames;
    static byte[][] jpegFragments;

    @BeforeAll
    static void seed() throws IOException {
        archive = new TestArchive(TestArchive.mounts("/dicom-web", DicomWebOptions.DEFAULT,
            "/copying", DicomWebOptions.builder().sendFile(false).build()), true, WadoRoutesTest::watched);
        store = InstanceStore.create(archive.blobs, archive.index);
        store(instance("Wado^One", "W1", STUDY, "20240101", SERIES_E, 1, "CT", E1, 1), UID.ExplicitVRLittleEndian, null);
        store(instance("Wado^One", "W1", STUDY, "20240101", SERIES_E, 1, "CT", E2, 2), UID.ExplicitVRLittleEndian, null);
        store(instance("Wado^One", "W1", STUDY, "20240101", SERIES_I, 2, "CT", I1, 1), UID.ImplicitVRLittleEndian, null);
        store(io.sagitta.dicomweb.Instances.withSequences(instance("Wado^One", "W1", STUDY, "20240101", SERIES_I, 2, "CT",
            I2, 2), SERIES_E), UID.ImplicitVRLittleEndian, null);

        Dataset multi = instance("Wado^One", "W1", STUDY, "20240101", SERIES_F, 3, "CT", NATIVE3, 1);
        multi.setInt(Tag.Rows, VR.US, 4);
        multi.setInt(Tag.Columns, VR.US, 5);
        multi.setString(Tag.NumberOfFrames, VR.IS, "3");
        nativeFrames = new byte[3 * 4 * 5 * 2];
        new Random(1).nextBytes(nativeFrames);
        multi.setBytes(Tag.PixelData, VR.OW, nativeFrames);
        store(multi, UID.ExplicitVRLittleEndian, null);

        jpegFragments = new byte[][] {fragment(0x11, 300), fragment(0x22, 500), fragment(0x33, 120)};
        store(encapsulatedBase(JPEG2, 2), JPEG_BASELINE,
            encapsulated(new int[] {0, 8 + 300}, jpegFragments[0], jpegFragments[1]));
        store(encapsulatedBase(JPEG2_SPLIT, 3), JPEG_BASELINE,
            encapsulated(new int[] {0, 8 + 300 + 8 + 500}, jpegFragments[0], jpegFragments[1], jpegFragments[2]));
        store(encapsulatedBase(JPEG2_NOBOT, 4), JPEG_BASELINE,
            encapsulated(new int[0], jpegFragments[0], jpegFragments[1], jpegFragments[2]));

        store(instance("Broken^B", "W2", BROKEN_STUDY, "20240101", BROKEN_SERIES, 1, "CT", BROKEN_SERIES + ".1", 1),
            UID.ExplicitVRLittleEndian, null);
        store(instance("Broken^B", "W2", BROKEN_STUDY, "20240101", BROKEN_SERIES, 1, "CT", BROKEN_SERIES + ".2", 2),
            UID.ExplicitVRLittleEndian, null);

        Dataset implicitBig = instance("Big^I", "W4", IMPLICIT_STUDY, "20240101", IMPLICIT_SERIES, 1, "CT", IMPLICIT_BIG, 1);
        implicitBig.setInt(Tag.Rows, VR.US, 512);
        implicitBig.setInt(Tag.Columns, VR.US, 1024);
        byte[] implicitPixels = new byte[512 * 1024 * 2];
        new Random(3).nextBytes(implicitPixels);
        implicitBig.setBytes(Tag.PixelData, VR.OW, implicitPixels);
        store(implicitBig, UID.ImplicitVRLittleEndian, null);

        Dataset big = instance("Big^B", "W3", BIG_STUDY, "20240101", BIG_SERIES, 1, "CT", BIG, 1);
        big.setInt(Tag.Rows, VR.US, 4096);
        big.setInt(Tag.Columns, VR.US, 3840);
        byte[] pixels = new byte[BIG_PIXELS];
        new Random(2).nextBytes(pixels);
        big.setBytes(Tag.PixelData, VR.OW, pixels);
        store(big, UID.ExplicitVRLittleEndian, null);
        for (int i = 1; i <= WIDE_INSTANCES; i++) {
            Dataset wide = instance("Wide^W", "W5", WIDE_STUDY, "20240101", WIDE_SERIES, 1, "CT", WIDE_SERIES + "." + i, i);
            wide.setInt(Tag.Rows, VR.US, 1024);
            wide.setInt(Tag.Columns, VR.US, 1536);
            byte[] widePixels = new byte[1024 * 1536 * 2];
            new Random(10 + i).nextBytes(widePixels);
            wide.setBytes(Tag.PixelData, VR.OW, widePixels);
            store(wide, UID.ExplicitVRLittleEndian, null);
        }
        // Small instances around the big one: a study whose parts are read whole and streamed in turn.
        store(instance("Big^B", "W3", BIG_STUDY, "20240101", BIG_SERIES, 1, "CT", BIG_SERIES + ".0", 0),
            UID.ExplicitVRLittleEndian, null);
        store(instance("Big^B", "W3", BIG_STUDY, "20240101", BIG_SERIES, 1, "CT", BIG_SERIES + ".2", 2),
            UID.ExplicitVRLittleEndian, null);
    }

    @AfterAll
    static void close() throws IOException {
        if (archive != null) {
            archive.close();
        }
    }

    private static byte[] fragment(int fill, int length) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) fill);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        return b;
    }

    private static Dataset encapsulatedBase(String sop, int number) {
        Dataset d = instance("Wado^One", "W1", STUDY, "20240101", SERIES_F, 3, "CT", sop, number);
        d.remove(Tag.PixelData);
        d.setString(Tag.NumberOfFrames, VR.IS, "2");
        d.setInt(Tag.BitsStored, VR.US, 8);
        d.setInt(Tag.BitsAllocated, VR.US, 8);
        d.setInt(Tag.HighBit, VR.US, 7);
        return d;
    }

    private static byte[] encapsulated(int[] offsets, byte[]... fragments) {
        return StoredInstances.encapsulated(offsets, fragments);
    }

    private static void store(Dataset d, String syntax, byte[] trailer) {
        keys.put(d.getString(Tag.SOPInstanceUID), StoredInstances.store(store, d, syntax, trailer));
    }

    /** The stored blob, read back through the store. */
    static byte[] blob(String sop) {
        BlobReadStream stream = await(archive.blobs.get(keys.get(sop)));
        Promise<Buffer> all = Promise.promise();
        Buffer collected = Buffer.buffer();
        // End and failure handlers first: setting the data handler starts the flow, and a small blob
        // can end before the next call from this (non event loop) thread.
        stream.exceptionHandler(all::fail).endHandler(v -> all.complete(collected)).handler(collected::appendBuffer);
        return await(all.future()).getBytes();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) {
        return archive.getBytes(path, headers);
    }

    private static List<Multipart.Part> parts(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), () -> new String(response.body()));
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        return Multipart.parse(type, response.body());
    }

    private static final String DICOM_ANY = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    @Test
    void instanceIsItsStoredPart10File() {
        HttpResponse<byte[]> r = get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_E + "/instances/" + E1,
            "Accept", DICOM_ANY);
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(type.startsWith("multipart/related; type=\"application/dicom\"; boundary="), type);
        List<Multipart.Part> parts = parts(r);
        assertEquals(1, parts.size());
        assertEquals("application/dicom; transfer-syntax=" + UID.ExplicitVRLittleEndian, parts.get(0).contentType());
        assertEquals("/dicom-web/studies/" + STUDY + "/series/" + SERIES_E + "/instances/" + E1,
            parts.get(0).headers().get("content-location"));
        assertArrayEquals(blob(E1), parts.get(0).body());
        assertTrue(r.headers().firstValue("Cache-Control").orElse("").startsWith("private"));
    }

    @Test
    void seriesAndStudyHoldEveryInstanceExactly() {
        List<Multipart.Part> series = parts(get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_E));
        assertEquals(2, series.size());
        assertPartsAreBlobs(series);
        // Accept */* and the default both mean multipart application/dicom as stored.
        List<Multipart.Part> study = parts(get("/dicom-web/studies/" + STUDY, "Accept", "*/*"));
        assertEquals(8, study.size());
        assertPartsAreBlobs(study);
        assertTrue(study.stream().anyMatch(p -> p.contentType().endsWith("transfer-syntax=" + UID.ImplicitVRLittleEndian)));
        assertTrue(study.stream().anyMatch(p -> p.contentType().endsWith("transfer-syntax=" + JPEG_BASELINE)));
        // Boundaries are per response.
        assertNotEquals(Multipart.boundary(get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_E).headers()
                .firstValue("Content-Type").orElseThrow()),
            Multipart.boundary(get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_E).headers()
                .firstValue("Content-Type").orElseThrow()));
    }

    private static void assertPartsAreBlobs(List<Multipart.Part> parts) {
        for (Multipart.Part p : parts) {
            String location = p.headers().get("content-location");
            String sop = location.substring(location.lastIndexOf('/') + 1);
            assertArrayEquals(blob(sop), p.body(), sop);
        }
    }

    @Test
    void transferSyntaxNegotiation() {
        String series = "/dicom-web/studies/" + STUDY + "/series/" + SERIES_E;
        // The stored syntax, named, quotes left out as OHIF does.
        assertEquals(2, parts(get(series, "Accept", "multipart/related; type=application/dicom; transfer-syntax="
            + UID.ExplicitVRLittleEndian)).size());
        // Big endian asked: no transcoding to it.
        HttpResponse<byte[]> r = get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_I, "Accept",
            "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.2");
        assertEquals(406, r.statusCode());
        assertTrue(new String(r.body()).contains("transfer-syntax=*"));
        // A preference list falls back to what can be produced.
        assertEquals(2, parts(get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_I, "Accept",
            "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.2, "
                + "multipart/related; type=\"application/dicom\"; transfer-syntax=*; q=0.5")).size());
        assertEquals(406, get(series, "Accept", "application/dicom+json").statusCode());
        assertEquals(406, get(series, "Accept", "multipart/related; type=\"application/octet-stream\"").statusCode());
        // The study holds JPEG: asking it all in explicit VR little endian cannot be served.
        assertEquals(406, get("/dicom-web/studies/" + STUDY, "Accept", "multipart/related; type=\"application/dicom\"; "
            + "transfer-syntax=" + UID.ExplicitVRLittleEndian).statusCode());
    }

    @Test
    void implicitIsTranscodedToExplicitOnTheFly() {
        List<Multipart.Part> parts = new java.util.ArrayList<>(parts(get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_I,
            "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=" + UID.ExplicitVRLittleEndian)));
        assertEquals(2, parts.size());
        parts.addAll(parts(get("/dicom-web/studies/" + IMPLICIT_STUDY, "Accept",
            "multipart/related; type=\"application/dicom\"; transfer-syntax=" + UID.ExplicitVRLittleEndian)));
        assertEquals(3, parts.size());
        assertTrue(parts.get(2).body().length > 1024 * 1024);
        DatasetWriter writer = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        for (Multipart.Part p : parts) {
            assertEquals("application/dicom; transfer-syntax=" + UID.ExplicitVRLittleEndian, p.contentType());
            String location = p.headers().get("content-location");
            String sop = location.substring(location.lastIndexOf('/') + 1);
            DicomFiles.Parsed sent = DicomFiles.parse(p.body(), DicomParserOptions.create()
                .input(DicomParserOptions.Input.PART10), DatasetCollector.BulkValues.KEEP);
            DicomFiles.Parsed stored = DicomFiles.parse(blob(sop), DicomParserOptions.create()
                .input(DicomParserOptions.Input.PART10), DatasetCollector.BulkValues.KEEP);
            assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, sent.transferSyntax());
            assertEquals(UID.ExplicitVRLittleEndian, sent.fileMeta().getString(Tag.TransferSyntaxUID));
            assertEquals(sop, sent.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
            assertEquals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, stored.transferSyntax());
            assertArrayEquals(writer.toBytes(stored.dataset()), writer.toBytes(sent.dataset()), sop);
        }
        // Frames of a native implicit instance are the same bytes in explicit VR little endian.
        List<Multipart.Part> frames = parts(get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_I + "/instances/" + I1
            + "/frames/1", "Accept", "multipart/related; type=application/octet-stream; transfer-syntax=" + UID.ExplicitVRLittleEndian));
        assertEquals("application/octet-stream; transfer-syntax=" + UID.ExplicitVRLittleEndian, frames.get(0).contentType());
    }

    @Test
    void notFoundAndBadUids() {
        assertEquals(404, get("/dicom-web/studies/1.2.3.4").statusCode());
        assertEquals(404, get("/dicom-web/studies/" + STUDY + "/series/1.2.3").statusCode());
        assertEquals(404, get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_E + "/instances/1.2.3").statusCode());
        assertEquals(400, get("/dicom-web/studies/1.2*").statusCode());
    }

    @Test
    void nativeFramesAreCutByOffset() {
        String frames = "/dicom-web/studies/" + STUDY + "/series/" + SERIES_F + "/instances/" + NATIVE3 + "/frames/";
        String accept = "multipart/related; type=application/octet-stream; transfer-syntax=*";
        List<Multipart.Part> parts = parts(get(frames + "1,3", "Accept", accept));
        assertEquals(2, parts.size());
        assertEquals("application/octet-stream; transfer-syntax=" + UID.ExplicitVRLittleEndian, parts.get(0).contentType());
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 0, 40), parts.get(0).body());
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 80, 120), parts.get(1).body());
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 40, 80), parts(get(frames + "2")).get(0).body());
        assertEquals(404, get(frames + "4", "Accept", accept).statusCode());
        assertEquals(400, get(frames + "0", "Accept", accept).statusCode());
        assertEquals(400, get(frames + "1,,2", "Accept", accept).statusCode());
        assertEquals(400, get(frames + "a", "Accept", accept).statusCode());
        assertEquals(406, get(frames + "1", "Accept", "multipart/related; type=\"application/octet-stream\"; transfer-syntax="
            + JPEG_BASELINE).statusCode());
        // A single-frame instance has frame 1.
        List<Multipart.Part> single = parts(get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_I + "/instances/" + I1
            + "/frames/1", "Accept", accept));
        assertEquals(32 * 32 * 2, single.get(0).body().length);
        assertEquals(404, get("/dicom-web/studies/" + STUDY + "/series/" + SERIES_F + "/instances/1.2.3/frames/1").statusCode());
    }

    @Test
    void encapsulatedFramesAreTheirFragments() {
        String base = "/dicom-web/studies/" + STUDY + "/series/" + SERIES_F + "/instances/";
        String accept = "multipart/related; type=application/octet-stream; transfer-syntax=*";
        List<Multipart.Part> parts = parts(get(base + JPEG2 + "/frames/2,1", "Accept", accept));
        assertEquals("application/octet-stream; transfer-syntax=" + JPEG_BASELINE, parts.get(0).contentType());
        assertArrayEquals(jpegFragments[1], parts.get(0).body());
        assertArrayEquals(jpegFragments[0], parts.get(1).body());
        // Three fragments for two frames: the Basic Offset Table says frame 2 starts at the third.
        parts = parts(get(base + JPEG2_SPLIT + "/frames/1,2", "Accept", accept));
        byte[] first = new byte[800];
        System.arraycopy(jpegFragments[0], 0, first, 0, 300);
        System.arraycopy(jpegFragments[1], 0, first, 300, 500);
        assertArrayEquals(first, parts.get(0).body());
        assertArrayEquals(jpegFragments[2], parts.get(1).body());
        // Without one the frame boundaries are unknown.
        assertEquals(501, get(base + JPEG2_NOBOT + "/frames/1", "Accept", accept).statusCode());
        assertEquals(404, get(base + JPEG2 + "/frames/3", "Accept", accept).statusCode());
    }

    @Test
    void missingBlobIs503BeforeTheHeadAndAResetAfter() throws IOException {
        String first = BROKEN_SERIES + ".1";
        String second = BROKEN_SERIES + ".2";
        // Only the second blob gone: the answer has started, so the connection is reset.
        Files.deleteIfExists(archive.dataDirectory.resolve("blobs").resolve("objects").resolve(keys.get(second)));
        assertThrows(RuntimeException.class, () -> {
            HttpResponse<byte[]> r = get("/dicom-web/studies/" + BROKEN_STUDY + "/series/" + BROKEN_SERIES);
            parts(r); // never a complete-looking multipart
        });
        HttpResponse<byte[]> r = get("/dicom-web/studies/" + BROKEN_STUDY + "/series/" + BROKEN_SERIES + "/instances/" + second);
        assertEquals(503, r.statusCode());
        assertTrue(!new String(r.body()).contains(keys.get(second)), "the key stays inside");
        // The first still comes whole; the server keeps serving.
        assertArrayEquals(blob(first), parts(get("/dicom-web/studies/" + BROKEN_STUDY + "/series/" + BROKEN_SERIES
            + "/instances/" + first)).get(0).body());
    }

    @Test
    void largeInstanceStreamsToASlowReader() throws Exception {
        HttpResponse<InputStream> r = archive.send(archive.request("/dicom-web/studies/" + BIG_STUDY + "/series/" + BIG_SERIES
            + "/instances/" + BIG, "Accept", DICOM_ANY).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        ByteArrayOutputStream out = new ByteArrayOutputStream(BIG_PIXELS + 4096);
        byte[] chunk = new byte[256 * 1024];
        try (InputStream in = r.body()) {
            int n;
            int reads = 0;
            while ((n = in.read(chunk)) >= 0) {
                out.write(chunk, 0, n);
                if (++reads % 16 == 0) {
                    Thread.sleep(5); // slower than the disk: the server must wait for us, not pile up
                }
            }
        }
        List<Multipart.Part> parts = Multipart.parse(r.headers().firstValue("Content-Type").orElseThrow(), out.toByteArray());
        assertEquals(1, parts.size());
        byte[] expected = blob(BIG);
        assertTrue(expected.length > BIG_PIXELS);
        assertEquals(crc(expected), crc(parts.get(0).body()));
        assertEquals(expected.length, parts.get(0).body().length);
    }

    @Test
    void aStudyOfSmallAndBigInstancesComesWhole() {
        // The small ones are read whole (one read each, the next read ahead), the 30 MiB one streams.
        HttpResponse<byte[]> r = get("/dicom-web/studies/" + BIG_STUDY, "Accept", DICOM_ANY);
        List<Multipart.Part> parts = parts(r);
        assertEquals(3, parts.size());
        assertPartsAreBlobs(parts);
        assertTrue(parts.stream().anyMatch(p -> p.body().length > BIG_PIXELS));
    }

    @Test
    void everyInstanceReadWholeIsReleased() throws Exception {
        owned.clear();
        regions.clear();
        assertPartsAreBlobs(parts(get("/dicom-web/studies/" + STUDY, "Accept", DICOM_ANY)));
        assertPartsAreBlobs(parts(get("/dicom-web/studies/" + BIG_STUDY, "Accept", DICOM_ANY)));
        // Plain HTTP/1.1: the small instances go out as file regions, sent by the kernel from the page cache.
        assertEquals(8 + 2, regions.size(), "the small instances are read whole");
        assertEquals(0, owned.size());
        // Frames: several in one response are read into a buffer together; one frame alone, as the single part of
        // application/octet-stream or as a multipart of one part (as a viewer asks for it), goes out as a region.
        String frames = "/dicom-web/studies/" + STUDY + "/series/" + SERIES_F + "/instances/" + NATIVE3 + "/frames/";
        assertEquals(2, parts(get(frames + "1,3", "Accept", "multipart/related; type=application/octet-stream")).size());
        assertEquals(1, owned.size(), "frames are read whole");
        HttpResponse<byte[]> single = get(frames + "2", "Accept", "application/octet-stream");
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 40, 80), single.body());
        assertEquals("40", single.headers().firstValue("Content-Length").orElseThrow());
        List<Multipart.Part> one = parts(get(frames + "3", "Accept", "multipart/related; type=application/octet-stream"));
        assertEquals(1, one.size());
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 80, 120), one.get(0).body());
        assertEquals(8 + 2 + 2, regions.size());
        assertEquals(1, owned.size());
        // A retrieval that breaks off (the second blob of this series is gone) leaves nothing held either.
        Files.deleteIfExists(archive.dataDirectory.resolve("blobs").resolve("objects").resolve(keys.get(BROKEN_SERIES + ".2")));
        assertThrows(RuntimeException.class, () -> parts(get("/dicom-web/studies/" + BROKEN_STUDY)));
        for (int i = 0; i < 100 && (owned.stream().anyMatch(b -> b.refCnt() > 0)
            || regions.stream().anyMatch(r -> r.refCnt() > 0)); i++) {
            Thread.sleep(20); // the last write's completion may still be on its way
        }
        assertTrue(regions.size() > 10);
        assertTrue(owned.stream().allMatch(b -> b.refCnt() == 0), "a buffer read whole was not released");
        assertTrue(regions.stream().allMatch(r -> r.refCnt() == 0 && !((DefaultFileRegion) r).isOpen()),
            "a file region was not released, or its file not closed");
    }

    @Test
    void overHttp2TheInstancesComeInBuffers() throws Exception {
        // HTTP/2 frames its own data: a file region cannot go into its stream as it is, so buffers carry the bytes.
        HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        owned.clear();
        regions.clear();
        HttpResponse<byte[]> r = h2c.send(archive.request("/dicom-web/studies/" + STUDY, "Accept", DICOM_ANY).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertPartsAreBlobs(parts(r));
        assertEquals(8, owned.size());
        assertEquals(0, regions.size());
        for (int i = 0; i < 100 && owned.stream().anyMatch(b -> b.refCnt() > 0); i++) {
            Thread.sleep(20);
        }
        assertTrue(owned.stream().allMatch(b -> b.refCnt() == 0), "a buffer read whole was not released");
    }

    @Test
    void withSendFileOffInstancesAndFramesComeInBuffersOverHttp1Too() throws Exception {
        owned.clear();
        regions.clear();
        assertPartsAreBlobs(parts(get("/copying/studies/" + STUDY, "Accept", DICOM_ANY)));
        String frames = "/copying/studies/" + STUDY + "/series/" + SERIES_F + "/instances/" + NATIVE3 + "/frames/";
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 40, 80),
            get(frames + "2", "Accept", "application/octet-stream").body());
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 80, 120),
            parts(get(frames + "3", "Accept", "multipart/related; type=application/octet-stream")).get(0).body());
        assertEquals(8 + 2, owned.size());
        assertEquals(0, regions.size());
    }

    @Test
    void aClientThatTakesGzipGetsTheInstancesAsStored() {
        // The compressor in the pipeline must let the file regions through untouched, and say nothing of gzip.
        regions.clear();
        HttpResponse<byte[]> r = get("/dicom-web/studies/" + STUDY, "Accept", DICOM_ANY, "Accept-Encoding", "gzip, deflate");
        assertTrue(r.headers().firstValue("Content-Encoding").isEmpty(), r.headers().toString());
        assertPartsAreBlobs(parts(r));
        assertEquals(8, regions.size());
    }

    @Test
    void aClientThatStopsReadingHoldsOnlyTheReadAhead() throws Exception {
        // A file region costs an open file: at most the one being sent and one read ahead.
        long regionsHeld = heldWhileStalled("/dicom-web", () -> regions.stream().filter(r -> r.refCnt() > 0).count());
        assertTrue(regionsHeld >= 1 && regionsHeld <= 1 + 1, "regions held: " + regionsHeld);
        // Buffers cost memory: one is read ahead. Vert.x counts a buffer as written once it is in the connection's
        // outbound buffer, where it may stay until the socket takes it, while the next waits in Vert.x's queue.
        long buffersHeld = heldWhileStalled("/copying", () -> owned.stream().filter(b -> b.refCnt() > 0).count());
        assertTrue(buffersHeld >= 1 && buffersHeld <= 1 + 1 + 1, "buffers held: " + buffersHeld);
    }

    /** What a retrieval of the wide study holds once its client has stopped reading, counted by {@code held}. */
    private static long heldWhileStalled(String mount, java.util.function.LongSupplier held) throws Exception {
        regions.clear();
        owned.clear();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8192);
            socket.connect(new InetSocketAddress("localhost", archive.port()));
            socket.getOutputStream().write(("GET " + mount + "/studies/" + WIDE_STUDY + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: " + DICOM_ANY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(socket.getInputStream().read(new byte[4096]) > 0);
            long before = -1;
            long now = held.getAsLong();
            for (int i = 0; i < 50 && now != before; i++) { // until the server has stopped too
                Thread.sleep(100);
                before = now;
                now = held.getAsLong();
            }
            socket.setSoLinger(true, 0);
            return now;
        }
    }

    @Test
    void aClientThatGoesAwayMidRetrievalLeavesNoFileOpen() throws Exception {
        regions.clear();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8192);
            socket.connect(new InetSocketAddress("localhost", archive.port()));
            socket.getOutputStream().write(("GET /dicom-web/studies/" + WIDE_STUDY + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: " + DICOM_ANY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] some = new byte[64 * 1024];
            int got = 0;
            while (got < some.length) {
                int n = in.read(some, got, some.length - got);
                assertTrue(n > 0, "the answer ended after " + got + " bytes");
                got += n;
            }
            assertTrue(new String(some, 0, 12, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            socket.setSoLinger(true, 0); // a reset, as from a viewer closed in the middle of a study
        }
        // The write under way when the reset comes fails, and the retrieval stops: the region being sent and the one
        // read ahead are released (one or two more may have been sent whole into the socket buffers before).
        Thread.sleep(300);
        for (int i = 0; i < 250 && regions.stream().anyMatch(r -> r.refCnt() > 0); i++) {
            Thread.sleep(20);
        }
        assertTrue(regions.size() >= 2 && regions.size() < WIDE_INSTANCES, "regions opened: " + regions.size());
        assertTrue(regions.stream().allMatch(r -> r.refCnt() == 0 && !((DefaultFileRegion) r).isOpen()),
            "a file region was not released, or its file not closed");
        // And the server goes on serving the same study whole.
        regions.clear();
        assertEquals(WIDE_INSTANCES, parts(get("/dicom-web/studies/" + WIDE_STUDY, "Accept", DICOM_ANY)).size());
    }

    /** Buffers handed out by {@link BlobStore#readRangesOwned} to the routes, to check that each is released. */
    static final List<ByteBuf> owned = new CopyOnWriteArrayList<>();
    /** File regions handed out by {@link BlobStore#fileRegion} to the routes, to check the same. */
    static final List<FileRegion> regions = new CopyOnWriteArrayList<>();

    /** The routes' blob store: {@code blobs} itself, but every buffer or region it hands over to be released is noted. */
    @SuppressWarnings("unchecked")
    static BlobStore watched(BlobStore blobs) {
        return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
            (proxy, method, args) -> {
                Object result;
                try {
                    result = method.invoke(blobs, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (method.getName().equals("readRangeOwned") || method.getName().equals("readRangesOwned")) {
                    ((Future<ByteBuf>) result).onSuccess(owned::add);
                }
                if (method.getName().equals("fileRegion")) {
                    ((Future<FileRegion>) result).onSuccess(regions::add);
                }
                return result;
            });
    }

    private static long crc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return crc.getValue();
    }

    @Test
    void wadoUriReturnsTheFile() {
        String q = "/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES_I + "&objectUID=" + I1;
        HttpResponse<byte[]> r = get(q);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertEquals("application/dicom", r.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(blob(I1), r.body());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get(q, "If-None-Match", etag).statusCode());
        assertArrayEquals(blob(I1), get(q + "&contentType=application%2Fdicom").body());
        HttpResponse<byte[]> jpeg = get(q + "&contentType=image%2Fjpeg");
        assertEquals(200, jpeg.statusCode());
        assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<byte[]> html = get(q + "&contentType=text%2Fhtml");
        assertEquals(406, html.statusCode());
        assertTrue(new String(html.body()).contains("image/jpeg"));
        assertEquals(406, get(q + "&transferSyntax=" + UID.ExplicitVRLittleEndian).statusCode());
        assertEquals(400, get("/wado?studyUID=" + STUDY + "&seriesUID=" + SERIES_I + "&objectUID=" + I1).statusCode());
        assertEquals(400, get("/wado?requestType=WADO&studyUID=" + STUDY + "&objectUID=" + I1).statusCode());
        assertEquals(400, get("/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=x*&objectUID=" + I1).statusCode());
        assertEquals(404, get("/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES_I + "&objectUID=1.2.3")
            .statusCode());
    }
}
