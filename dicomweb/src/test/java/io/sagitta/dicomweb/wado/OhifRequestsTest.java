package io.sagitta.dicomweb.wado;

import static io.sagitta.dicomweb.Instances.instance;
import static io.sagitta.dicomweb.TestArchive.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.Instances;
import io.sagitta.dicomweb.StoredInstances;
import io.sagitta.dicomweb.TestArchive;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The requests OHIF v3's {@code dicomweb} data source sends, each in the shape it sends it (query
 * parameters, Accept headers with quotes omitted), against instances stored through the store path;
 * then bulk data (single part and multipart) and the caching headers of the immutable answers.
 */
class OhifRequestsTest {

    private static final String ROOT = "1.2.826.0.1.3680043.10.543.500.";
    static final String STUDY = ROOT + "1";
    static final String SERIES = STUDY + ".1";
    static final String CT1 = SERIES + ".1"; // with sequences: icon Pixel Data at 00880200/0/7FE00010
    static final String CT2 = SERIES + ".2";
    static final String JPEG = SERIES + ".3"; // encapsulated, one frame
    static final String BIG_ENDIAN = SERIES + ".4";
    static final String FRAMES = "multipart/related; type=application/octet-stream; transfer-syntax=*";

    static TestArchive archive;
    static byte[] ct1Pixels;
    static byte[] jpegFrame;

    @BeforeAll
    static void seed() throws IOException {
        archive = new TestArchive(TestArchive.mounts("/dicom-web", DicomWebOptions.DEFAULT), true);
        InstanceStore store = InstanceStore.create(archive.blobs, archive.index);
        Dataset ct1 = Instances.withSequences(instance("Doe^Jane", "O1", STUDY, "20240404", SERIES, 1, "CT", CT1, 1), SERIES + ".99");
        ct1Pixels = new byte[32 * 32 * 2];
        new Random(7).nextBytes(ct1Pixels);
        ct1.setBytes(Tag.PixelData, VR.OW, ct1Pixels);
        StoredInstances.store(store, ct1, UID.ExplicitVRLittleEndian, null);
        StoredInstances.store(store, instance("Doe^Jane", "O1", STUDY, "20240404", SERIES, 1, "CT", CT2, 2),
            UID.ImplicitVRLittleEndian, null);
        Dataset jpeg = instance("Doe^Jane", "O1", STUDY, "20240404", SERIES, 1, "CT", JPEG, 3);
        jpeg.remove(Tag.PixelData);
        jpegFrame = new byte[600];
        Arrays.fill(jpegFrame, (byte) 0x5A);
        jpegFrame[0] = (byte) 0xFF;
        jpegFrame[1] = (byte) 0xD8;
        StoredInstances.store(store, jpeg, UID.JPEGBaseline8Bit, StoredInstances.encapsulated(new int[0],
            Arrays.copyOfRange(jpegFrame, 0, 400), Arrays.copyOfRange(jpegFrame, 400, 600)));
        StoredInstances.store(store, instance("Doe^Jane", "O1", STUDY, "20240404", SERIES, 1, "CT", BIG_ENDIAN, 4),
            UID.ExplicitVRBigEndian, null);
    }

    @AfterAll
    static void close() throws IOException {
        if (archive != null) {
            archive.close();
        }
    }

    private static String series() {
        return "/dicom-web/studies/" + STUDY + "/series/" + SERIES;
    }

    @Test
    void studyListQuery() {
        HttpResponse<String> r = archive.get("/dicom-web/studies?limit=101&offset=0&fuzzymatching=false"
            + "&includefield=00081030%2C00080060&PatientName=*Doe*", "Accept", "application/dicom+json");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray studies = new JsonArray(r.body());
        assertEquals(1, studies.size());
        assertEquals(STUDY, studies.getJsonObject(0).getJsonObject("0020000D").getJsonArray("Value").getString(0));
    }

    @Test
    void seriesQueryPerStudy() {
        HttpResponse<String> r = archive.get("/dicom-web/studies/" + STUDY + "/series", "Accept", "application/dicom+json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, new JsonArray(r.body()).size());
    }

    @Test
    void seriesMetadataWithBulkDataUrisThatAnswerSinglePart() {
        HttpResponse<String> r = archive.get(series() + "/metadata", "Accept", "application/dicom+json");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject ct1 = null;
        for (Object o : new JsonArray(r.body())) {
            JsonObject instance = (JsonObject) o;
            if (CT1.equals(instance.getJsonObject("00080018").getJsonArray("Value").getString(0))) {
                ct1 = instance;
            }
        }
        String pixels = ct1.getJsonObject("7FE00010").getString("BulkDataURI");
        assertEquals(series() + "/instances/" + CT1 + "/bulkdata/7FE00010", pixels);
        // OHIF's single-part bulk data request.
        HttpResponse<byte[]> single = archive.getBytes(pixels, "Accept", "application/octet-stream");
        assertEquals(200, single.statusCode(), () -> new String(single.body(), StandardCharsets.UTF_8));
        assertEquals("application/octet-stream", single.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(ct1Pixels, single.body());
        assertEquals(Integer.toString(ct1Pixels.length), single.headers().firstValue("Content-Length").orElseThrow());
        // The same with a transfer-syntax parameter, and the nested icon pixels by their path.
        assertArrayEquals(ct1Pixels, archive.getBytes(pixels, "Accept", "application/octet-stream; transfer-syntax=*").body());
        String icon = ct1.getJsonObject("00880200").getJsonArray("Value").getJsonObject(0).getJsonObject("7FE00010")
            .getString("BulkDataURI");
        assertEquals(series() + "/instances/" + CT1 + "/bulkdata/00880200/0/7FE00010", icon);
        assertArrayEquals(new byte[2048], archive.getBytes(icon, "Accept", "application/octet-stream").body());
    }

    @Test
    void bulkDataAsMultipartAndItsFailures() {
        String base = series() + "/instances/" + CT1 + "/bulkdata/";
        HttpResponse<byte[]> r = archive.getBytes(base + "7FE00010", "Accept", FRAMES);
        assertEquals(200, r.statusCode());
        List<Multipart.Part> parts = Multipart.parse(r.headers().firstValue("Content-Type").orElseThrow(), r.body());
        assertEquals(1, parts.size());
        assertArrayEquals(ct1Pixels, parts.get(0).body());
        // No Accept at all: multipart.
        HttpResponse<byte[]> plain = archive.getBytes(base + "7FE00010");
        assertArrayEquals(ct1Pixels, Multipart.parse(plain.headers().firstValue("Content-Type").orElseThrow(), plain.body())
            .get(0).body());
        // Encapsulated Pixel Data: its frames, the fragments of the one frame joined.
        HttpResponse<byte[]> jpeg = archive.getBytes(series() + "/instances/" + JPEG + "/bulkdata/7FE00010",
            "Accept", "application/octet-stream");
        assertEquals(200, jpeg.statusCode());
        assertArrayEquals(jpegFrame, jpeg.body());
        assertEquals("application/octet-stream; transfer-syntax=" + UID.JPEGBaseline8Bit,
            jpeg.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(404, archive.getBytes(base + "00100010/0/7FE00010", "Accept", "application/octet-stream").statusCode());
        assertEquals(404, archive.getBytes(base + "00880200/5/7FE00010", "Accept", "application/octet-stream").statusCode());
        assertEquals(404, archive.getBytes(series() + "/instances/1.2.3/bulkdata/7FE00010").statusCode());
        assertEquals(400, archive.getBytes(base + "7FE0001", "Accept", "application/octet-stream").statusCode());
        assertEquals(400, archive.getBytes(base + "00880200/x/7FE00010").statusCode());
        assertEquals(400, archive.getBytes(base + "00880200/0").statusCode());
        assertEquals(406, archive.getBytes(base + "7FE00010", "Accept", "application/dicom+json").statusCode());
        // OW in a big endian instance would need swapping.
        assertEquals(406, archive.getBytes(series() + "/instances/" + BIG_ENDIAN + "/bulkdata/7FE00010",
            "Accept", "application/octet-stream").statusCode());
    }

    @Test
    void bulkDataAsOhifsSinglePartModeAsksIt() {
        // OHIF 3.13 with singlepart: 'bulkdata' sends the browser's default Accept (*/*) and decodes the answer by its
        // Content-Type (a multipart body is split, anything else taken whole): the one part must be the value.
        HttpResponse<byte[]> r = archive.getBytes(series() + "/instances/" + CT1 + "/bulkdata/7FE00010", "Accept", "*/*");
        assertEquals(200, r.statusCode());
        List<Multipart.Part> parts = Multipart.parse(r.headers().firstValue("Content-Type").orElseThrow(), r.body());
        assertEquals(1, parts.size());
        assertArrayEquals(ct1Pixels, parts.get(0).body());
    }

    @Test
    void wadoUriFromAViewerOnAnotherOrigin() {
        // OHIF with imageRendering: 'wadouri' loads each image from its wadoUriRoot by XHR from the viewer's origin.
        String origin = "http://127.0.0.1:3300";
        DicomWebOptions cors = DicomWebOptions.builder().corsAllowedOrigins(List.of(origin)).build();
        Router root = Router.router(archive.vertx);
        root.route("/wado/*").subRouter(WadoUri.create(archive.vertx, archive.index, archive.blobs, cors));
        HttpServer http = await(archive.vertx.createHttpServer(new HttpServerOptions().setPort(0)).requestHandler(root).listen());
        try {
            String wado = "http://localhost:" + http.actualPort() + "/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID="
                + SERIES + "&objectUID=" + CT1 + "&contentType=application/dicom&transferSyntax=*";
            HttpResponse<byte[]> r = archive.send(HttpRequest.newBuilder(URI.create(wado)).header("Accept", "*/*")
                .header("Origin", origin).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertEquals(origin, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("DICM", new String(r.body(), 128, 4, StandardCharsets.US_ASCII));
            // A viewer that sends a token (Authorization) asks first.
            HttpResponse<String> preflight = archive.send(HttpRequest.newBuilder(URI.create(wado)).header("Origin", origin)
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(preflight.statusCode() == 200 || preflight.statusCode() == 204, "preflight " + preflight.statusCode());
            assertEquals(origin, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase().contains("authorization"));
            HttpResponse<byte[]> other = archive.send(HttpRequest.newBuilder(URI.create(wado)).header("Origin", "https://evil.example.com")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "not shared with other origins");
        } finally {
            await(http.close());
        }
        // Without configured origins (the default), no CORS headers.
        HttpResponse<byte[]> plain = archive.getBytes("/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES
            + "&objectUID=" + CT1, "Origin", origin);
        assertEquals(200, plain.statusCode());
        assertTrue(plain.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void framesWithQuotesOmittedAndAsASinglePart() {
        String frames = series() + "/instances/" + CT2 + "/frames/1";
        HttpResponse<byte[]> r = archive.getBytes(frames, "Accept", FRAMES);
        assertEquals(200, r.statusCode());
        assertEquals(32 * 32 * 2, Multipart.parse(r.headers().firstValue("Content-Type").orElseThrow(), r.body()).get(0).body().length);
        HttpResponse<byte[]> single = archive.getBytes(frames, "Accept", "application/octet-stream");
        assertEquals(200, single.statusCode());
        assertEquals(32 * 32 * 2, single.body().length);
        assertTrue(single.headers().firstValue("Content-Type").orElseThrow().startsWith("application/octet-stream"));
        assertEquals(406, archive.getBytes(series() + "/instances/" + CT2 + "/frames/1,1", "Accept", "application/octet-stream")
            .statusCode());
    }

    @Test
    void thumbnailsAndRenderedAsOhifAsksThem() throws IOException {
        for (String path : List.of(series() + "/thumbnail", series() + "/instances/" + CT1 + "/thumbnail?viewport=64,64",
            series() + "/instances/" + CT1 + "/rendered")) {
            HttpResponse<byte[]> r = archive.getBytes(path, "Accept", "image/jpeg");
            assertEquals(200, r.statusCode(), () -> path + ": " + new String(r.body(), StandardCharsets.UTF_8));
            assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(ImageIO.read(new ByteArrayInputStream(r.body())).getWidth() > 0, path);
        }
    }

    @Test
    void immutableAnswersCarryEtagsAndAnswer304() {
        String instance = series() + "/instances/" + CT1;
        HttpResponse<byte[]> r = archive.getBytes(instance, "Accept", "multipart/related; type=application/dicom; transfer-syntax=*");
        assertEquals(200, r.statusCode());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.startsWith("W/\""), "multipart bodies differ by boundary: weak " + etag);
        assertTrue(r.headers().firstValue("Cache-Control").orElseThrow().contains("max-age"));
        HttpResponse<byte[]> again = archive.getBytes(instance, "Accept", "multipart/related; type=application/dicom; transfer-syntax=*",
            "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, archive.getBytes(instance, "Accept", "multipart/related; type=application/dicom; transfer-syntax=*",
            "If-None-Match", "\"other\", " + etag.substring(2)).statusCode(), "weak comparison, lists");
        assertEquals(200, archive.getBytes(instance, "Accept", "multipart/related; type=application/dicom; transfer-syntax=*",
            "If-None-Match", "\"other\"").statusCode());
        // Another representation, another tag; other instances, other tags.
        assertNotEquals(etag, archive.getBytes(instance, "Accept", "multipart/related; type=application/dicom; transfer-syntax="
            + UID.ExplicitVRLittleEndian).headers().firstValue("ETag").orElseThrow());
        String seriesTag = archive.getBytes(series()).headers().firstValue("ETag").orElseThrow();
        assertNotEquals(etag, seriesTag);
        assertEquals(304, archive.getBytes(series(), "If-None-Match", seriesTag).statusCode());

        String frames = instance + "/frames/1";
        String framesTag = archive.getBytes(frames, "Accept", FRAMES).headers().firstValue("ETag").orElseThrow();
        assertEquals(304, archive.getBytes(frames, "Accept", FRAMES, "If-None-Match", framesTag).statusCode());
        String singleTag = archive.getBytes(frames, "Accept", "application/octet-stream").headers().firstValue("ETag").orElseThrow();
        assertTrue(singleTag.startsWith("\""), "single part bodies are byte-stable: strong " + singleTag);
        assertNotEquals(framesTag.substring(2), singleTag);
        String bulk = instance + "/bulkdata/7FE00010";
        String bulkTag = archive.getBytes(bulk, "Accept", "application/octet-stream").headers().firstValue("ETag").orElseThrow();
        assertEquals(304, archive.getBytes(bulk, "Accept", "application/octet-stream", "If-None-Match", bulkTag).statusCode());
        // A failure carries no tag.
        HttpResponse<byte[]> missing = archive.getBytes(series() + "/instances/1.2.3", "If-None-Match", etag);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.headers().firstValue("ETag").isEmpty());
    }
}
