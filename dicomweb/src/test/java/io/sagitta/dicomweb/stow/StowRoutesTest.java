package io.sagitta.dicomweb.stow;

import static io.sagitta.dicomweb.TestArchive.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.dicomweb.DicomWeb;
import io.sagitta.core.testing.PageCache;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.Instances;
import io.sagitta.dicomweb.TestArchive;
import io.sagitta.storage.blob.FileBlobStore;
import io.sagitta.storage.blob.FileBlobStoreOptions;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STOW-RS through the JDK HTTP client against a real PostgreSQL and a file blob store. */
class StowRoutesTest {

    static final String BOUNDARY = "stow-boundary-42";
    static final String MULTIPART = "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY;

    @TempDir
    static Path blobRoot;
    static TestArchive archive;
    static InstanceStore store;
    static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        archive = new TestArchive(TestArchive.mounts("/unused", DicomWebOptions.DEFAULT));
        FileBlobStore blobs = await(FileBlobStore.create(archive.vertx, new FileBlobStoreOptions().setRoot(blobRoot)));
        store = InstanceStore.create(blobs, archive.index);
        Router root = Router.router(archive.vertx);
        root.route("/dicom-web/*").subRouter(DicomWeb.create(archive.vertx, archive.index, store, DicomWebOptions.DEFAULT));
        http = await(archive.vertx.createHttpServer(new HttpServerOptions().setPort(0)).requestHandler(root).listen());
    }

    @AfterAll
    static void stop() throws Exception {
        await(http.close());
        archive.close();
    }

    static Dataset instance(String study, String sop) {
        return Instances.instance("Doe^Jane", "P-" + study, study, "20240101", study + ".1", 1, "CT", sop, 1);
    }

    static byte[] part10(Dataset d, TransferSyntax ts) {
        return Part10Writer.create().toBytes(d, ts);
    }

    /** The dataset bytes of a Part 10 file: what the blob must hold after its own meta group. */
    static byte[] datasetOf(byte[] part10) {
        Part10Splitter.Split split = new Part10Splitter().feed(Buffer.buffer(part10));
        return split.carried().appendBuffer(split.rest()).getBytes();
    }

    static byte[] multipart(List<String> types, List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: " + types.get(i) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(parts.get(i));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) {
        return post(path, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    static HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + http.actualPort() + path))
            .timeout(Duration.ofMinutes(2)).header("Content-Type", contentType).header("Accept", "application/dicom+json")
            .POST(body).build();
        return archive.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static List<InstanceLocation> stored(String study) {
        return await(archive.index.locations(Scope.study(study)));
    }

    /** The blob's content through the blob store, counted; its bytes kept only when {@code keep}. */
    static Buffer blob(InstanceLocation location, boolean keep, long[] size) {
        java.util.concurrent.CompletableFuture<Buffer> done = new java.util.concurrent.CompletableFuture<>();
        Buffer out = Buffer.buffer();
        byte[] last = new byte[4];
        archive.vertx.runOnContext(v -> store.blobs().get(location.blobKey()).onFailure(done::completeExceptionally).onSuccess(stream -> {
            stream.handler(b -> {
                size[0] += b.length();
                if (keep) {
                    out.appendBuffer(b);
                } else if (b.length() >= 4) {
                    b.getBytes(b.length() - 4, b.length(), last, 0);
                }
            });
            stream.exceptionHandler(done::completeExceptionally);
            stream.endHandler(x -> done.complete(keep ? out : Buffer.buffer(last)));
        }));
        return done.orTimeout(2, java.util.concurrent.TimeUnit.MINUTES).join();
    }

    static byte[] blob(InstanceLocation location) {
        return blob(location, true, new long[1]).getBytes();
    }

    static void assertEndsWith(byte[] expected, byte[] actual) {
        assertTrue(actual.length >= expected.length);
        byte[] tail = java.util.Arrays.copyOfRange(actual, actual.length - expected.length, actual.length);
        assertArrayEquals(expected, tail);
    }

    static JsonArray seq(JsonObject response, String tag) {
        JsonObject e = response.getJsonObject(tag);
        return e == null ? new JsonArray() : e.getJsonArray("Value");
    }

    @Test
    void everySyntaxIsStoredByteExact() throws Exception {
        String study = "1.2.826.0.1.1";
        Dataset encapsulated = instance(study, study + ".1.4");
        encapsulated.remove(Tag.PixelData);
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9});
        encapsulated.setValue(Tag.PixelData, VR.OB, fragments);
        List<byte[]> files = List.of(
            part10(instance(study, study + ".1.1"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
            part10(instance(study, study + ".1.2"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
            part10(instance(study, study + ".1.3"), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN),
            part10(encapsulated, TransferSyntax.JPEG_BASELINE));
        HttpResponse<String> response = post("/dicom-web/studies", MULTIPART,
            multipart(List.of("application/dicom", "application/dicom", "application/dicom", "application/dicom"), files));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/dicom+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject body = new JsonObject(response.body());
        assertEquals("/dicom-web/studies/" + study, body.getJsonObject("00081190").getJsonArray("Value").getString(0));
        JsonArray refs = seq(body, "00081199");
        assertEquals(4, refs.size());
        assertEquals("/dicom-web/studies/" + study + "/series/" + study + ".1/instances/" + study + ".1.1",
            refs.getJsonObject(0).getJsonObject("00081190").getJsonArray("Value").getString(0));
        assertNull(body.getJsonObject("00081198"));
        List<InstanceLocation> locations = stored(study);
        assertEquals(4, locations.size());
        for (int i = 0; i < files.size(); i++) {
            String sop = study + ".1." + (i + 1);
            InstanceLocation location = locations.stream().filter(l -> l.sopInstanceUid().equals(sop)).findFirst().orElseThrow();
            byte[] blob = blob(location);
            assertEndsWith(datasetOf(files.get(i)), blob);
            assertArrayEquals(datasetOf(files.get(i)), datasetOf(blob), sop);
        }
        // The same again: duplicates are stored (idempotently), 200.
        HttpResponse<String> again = post("/dicom-web/studies/" + study, MULTIPART,
            multipart(List.of("application/dicom"), List.of(files.get(0))));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(4, stored(study).size());
    }

    @Test
    void aLargeInstanceIsWrittenInBatchesPastThePageCache() throws Exception {
        // The body arrives in pieces of 8 KiB; gathered into batches, a large instance's first write is big
        // enough for the file store's direct I/O, so none of its file stays in the page cache.
        String study = "1.2.826.0.1.40";
        Dataset large = instance(study, study + ".1.1");
        byte[] pixels = new byte[700_001 & ~1];
        new java.util.Random(40).nextBytes(pixels);
        large.setValue(Tag.PixelData, VR.OW, pixels);
        byte[] file = part10(large, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        HttpResponse<String> response = post("/dicom-web/studies", MULTIPART,
            multipart(List.of("application/dicom"), List.of(file)));
        assertEquals(200, response.statusCode(), response.body());
        InstanceLocation location = stored(study).get(0);
        Path blobFile = blobRoot.resolve("objects").resolve(location.blobKey());
        org.junit.jupiter.api.Assumptions.assumeTrue(PageCache.directIoWorksIn(blobRoot), "no direct I/O under " + blobRoot);
        assertEquals(0, PageCache.residentBytes(blobFile), "written past the page cache");
        assertArrayEquals(datasetOf(file), datasetOf(blob(location)));
    }

    @Test
    void mixedBatchIs202WithFailures() {
        String study = "1.2.826.0.1.2";
        byte[] good = part10(instance(study, study + ".1.1"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] notDicom = "definitely not DICOM".getBytes(StandardCharsets.US_ASCII);
        byte[] other = part10(instance(study, study + ".1.2"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        HttpResponse<String> response = post("/dicom-web/studies", MULTIPART,
            multipart(List.of("application/dicom", "application/dicom", "text/plain"), List.of(good, notDicom, other)));
        assertEquals(202, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals(1, seq(body, "00081199").size());
        JsonArray failed = seq(body, "00081198");
        assertEquals(2, failed.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(0xC000, failed.getJsonObject(i).getJsonObject("00081197").getJsonArray("Value").getInteger(0));
        }
        assertEquals(1, stored(study).size());
    }

    @Test
    void allBadIs409() {
        String study = "1.2.826.0.1.3";
        byte[] truncated = java.util.Arrays.copyOf(part10(instance(study, study + ".1.1"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), 500);
        HttpResponse<String> response = post("/dicom-web/studies", MULTIPART,
            multipart(List.of("application/dicom", "application/dicom"), List.of(truncated, new byte[10])));
        assertEquals(409, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        JsonArray failed = seq(body, "00081198");
        assertEquals(2, failed.size());
        assertEquals(study + ".1.1", failed.getJsonObject(0).getJsonObject("00081155").getJsonArray("Value").getString(0));
        assertTrue(stored(study).isEmpty());
    }

    @Test
    void instanceOfAnotherStudyIsA900() {
        String study = "1.2.826.0.1.4";
        byte[] mine = part10(instance(study, study + ".1.1"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] foreign = part10(instance("1.2.826.0.1.99", "1.2.826.0.1.99.1.1"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        HttpResponse<String> response = post("/dicom-web/studies/" + study, MULTIPART,
            multipart(List.of("application/dicom", "application/dicom"), List.of(mine, foreign)));
        assertEquals(202, response.statusCode(), response.body());
        JsonObject failed = seq(new JsonObject(response.body()), "00081198").getJsonObject(0);
        assertEquals(0xA900, failed.getJsonObject("00081197").getJsonArray("Value").getInteger(0));
        assertEquals(1, stored(study).size());
        assertTrue(stored("1.2.826.0.1.99").isEmpty());
    }

    @Test
    void malformedMultipartIs400AndStoresNothing() {
        String study = "1.2.826.0.1.5";
        byte[] good = part10(instance(study, study + ".1.1"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] body = multipart(List.of("application/dicom"), List.of(good));
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 10); // no close delimiter
        assertEquals(400, post("/dicom-web/studies", MULTIPART, cut).statusCode());
        assertEquals(400, post("/dicom-web/studies", "multipart/related; type=\"application/dicom\"", body).statusCode());
        assertTrue(stored(study).isEmpty());
        // The server keeps serving.
        assertEquals(200, post("/dicom-web/studies", MULTIPART, body).statusCode());
    }

    @Test
    void wrongContentTypeIs415() {
        assertEquals(415, post("/dicom-web/studies", "application/dicom", new byte[10]).statusCode());
        assertEquals(415, post("/dicom-web/studies", "multipart/related; type=\"application/dicom+xml\"; boundary=x",
            new byte[10]).statusCode());
    }

    @Test
    void storageDownBeforeAnythingIsStoredIs503() {
        String study = "1.2.826.0.1.7";
        byte[] body = multipart(List.of("application/dicom"),
            List.of(part10(instance(study, study + ".1.1"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        await(archive.server.stop());
        try {
            HttpResponse<String> response = post("/dicom-web/studies", MULTIPART, body);
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Retry-After").isPresent());
        } finally {
            await(archive.server.start());
        }
        assertEquals(200, post("/dicom-web/studies", MULTIPART, body).statusCode());
        assertEquals(1, stored(study).size());
    }

    /**
     * More parts than finish at once, failures among them: every instance is stored and both
     * sequences list their parts in body order, although parts finish in any order.
     */
    @Test
    void manyPartsAnswerInBodyOrder() {
        String study = "1.2.826.0.1.8";
        int parts = 3 * StowRequest.MAX_FINISHING + 5;
        List<String> types = new java.util.ArrayList<>();
        List<byte[]> files = new java.util.ArrayList<>();
        List<String> expectedStored = new java.util.ArrayList<>();
        List<String> expectedFailed = new java.util.ArrayList<>();
        for (int i = 1; i <= parts; i++) {
            String sop = study + ".1." + i;
            byte[] file = part10(instance(study, sop), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            if (i % 7 == 0) {
                file = java.util.Arrays.copyOf(file, file.length - 100); // truncated: fails when finished
                expectedFailed.add(sop);
            } else {
                expectedStored.add(sop);
            }
            types.add("application/dicom");
            files.add(file);
        }
        HttpResponse<String> response = post("/dicom-web/studies", MULTIPART, multipart(types, files));
        assertEquals(202, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals(expectedStored, sopUids(seq(body, "00081199")));
        assertEquals(expectedFailed, sopUids(seq(body, "00081198")));
        assertEquals(expectedStored.size(), stored(study).size());
    }

    static List<String> sopUids(JsonArray items) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(items.getJsonObject(i).getJsonObject("00081155").getJsonArray("Value").getString(0));
        }
        return out;
    }

    /** The same instance twice in one request, between others: the later part is what stays stored. */
    @Test
    void repeatedInstanceInOneRequestKeepsTheLaterPart() {
        String study = "1.2.826.0.1.9";
        String sop = study + ".1.1";
        byte[] first = part10(instance(study, sop), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Dataset changed = instance(study, sop);
        changed.setString(Tag.StudyDescription, VR.LO, "the later part");
        byte[] later = part10(changed, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] other = part10(instance(study, study + ".1.2"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        for (int round = 0; round < 5; round++) {
            HttpResponse<String> response = post("/dicom-web/studies", MULTIPART, multipart(
                List.of("application/dicom", "application/dicom", "application/dicom", "application/dicom"),
                List.of(first, other, later, other)));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(List.of(sop, study + ".1.2", sop, study + ".1.2"), sopUids(seq(new JsonObject(response.body()), "00081199")));
            List<InstanceLocation> locations = stored(study);
            assertEquals(2, locations.size());
            InstanceLocation location = locations.stream().filter(l -> l.sopInstanceUid().equals(sop)).findFirst().orElseThrow();
            assertArrayEquals(datasetOf(later), datasetOf(blob(location)), "round " + round);
        }
    }

    /** 100 MB of Pixel Data generated as it is sent: the body is never held whole, on either side. */
    @Test
    void largeInstanceIsStreamed() throws Exception {
        String study = "1.2.826.0.1.6";
        Dataset d = instance(study, study + ".1.1");
        d.remove(Tag.PixelData);
        d.setInt(Tag.Rows, VR.US, 5000);
        d.setInt(Tag.Columns, VR.US, 10000);
        long pixelLength = 5000L * 10000 * 2;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        head.writeBytes(part10(d, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        head.writeBytes(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
            (byte) pixelLength, (byte) (pixelLength >> 8), (byte) (pixelLength >> 16), (byte) (pixelLength >> 24)});
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream pixels = new InputStream() {
            long left = pixelLength;

            @Override
            public int read() {
                return left-- > 0 ? (int) (left & 0x7F) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((left - i - 1) & 0x7F);
                }
                left -= n;
                return n;
            }
        };
        InputStream body = new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), pixels),
            new ByteArrayInputStream(tail));
        HttpResponse<String> response = post("/dicom-web/studies", MULTIPART, HttpRequest.BodyPublishers.ofInputStream(() -> body));
        assertEquals(200, response.statusCode(), response.body());
        List<InstanceLocation> locations = stored(study);
        assertEquals(1, locations.size());
        byte[] datasetHead = datasetOf(part10(d, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        long expectedDataset = datasetHead.length + 12 + pixelLength;
        long[] size = new long[1];
        Buffer last = blob(locations.get(0), false, size);
        assertTrue(size[0] > expectedDataset && size[0] < expectedDataset + 1024, "blob size " + size[0]);
        assertArrayEquals(new byte[] {3, 2, 1, 0}, last.getBytes());
    }
}
