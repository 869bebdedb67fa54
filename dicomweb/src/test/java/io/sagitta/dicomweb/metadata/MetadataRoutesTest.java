package io.sagitta.dicomweb.metadata;

import static io.sagitta.dicomweb.Json.bulkDataUri;
import static io.sagitta.dicomweb.Json.column;
import static io.sagitta.dicomweb.Json.first;
import static io.sagitta.dicomweb.Json.number;
import static io.sagitta.dicomweb.Json.objects;
import static io.sagitta.dicomweb.SeededArchive.ABSOLUTE_BASE;
import static io.sagitta.dicomweb.SeededArchive.BIG;
import static io.sagitta.dicomweb.SeededArchive.BIG_SERIES;
import static io.sagitta.dicomweb.SeededArchive.OTHER_SERIES;
import static io.sagitta.dicomweb.SeededArchive.S1;
import static io.sagitta.dicomweb.SeededArchive.S1_SERIES1;
import static io.sagitta.dicomweb.SeededArchive.S1_SERIES2;
import static io.sagitta.dicomweb.SeededArchive.S2;
import static io.sagitta.dicomweb.SeededArchive.S2_SERIES1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.dicomweb.SeededArchive;
import io.sagitta.dicomweb.TestArchive;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WADO-RS metadata through a real HTTP client against the routes, the index and PostgreSQL. */
@ExtendWith(SeededArchive.Resolver.class)
class MetadataRoutesTest {

    private static TestArchive archive;

    @BeforeAll
    static void start(SeededArchive seeded) {
        archive = seeded.archive;
    }

    private static List<JsonObject> ok(String pathAndQuery, String... headers) {
        HttpResponse<String> response = archive.get(pathAndQuery, headers);
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        assertEquals("application/dicom+json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(null));
        return objects(response.body());
    }

    private static String instanceUrl(String base, String study, String series, String sop) {
        return base + "/studies/" + study + "/series/" + series + "/instances/" + sop;
    }

    @Test
    void studyMetadataWithBulkDataUrisUnderEachInstance() {
        List<JsonObject> study = ok("/dicom-web/studies/" + S1 + "/metadata");
        assertEquals(List.of(S1_SERIES1 + ".1", S1_SERIES1 + ".2", S1_SERIES1 + ".3", S1_SERIES2 + ".1", S1_SERIES2 + ".2"),
            List.copyOf(column(study, "00080018")), "series then instance number order");
        for (JsonObject instance : study) {
            String series = first(instance, "0020000E");
            String sop = first(instance, "00080018");
            assertEquals(S1, first(instance, "0020000D"));
            assertEquals(32, number(instance, "00280010"));
            assertEquals(32, number(instance, "00280011"));
            assertEquals("Doe^John", first(instance, "00100010"));
            assertEquals(instanceUrl("/dicom-web", S1, series, sop) + "/bulkdata/7FE00010", bulkDataUri(instance, "7FE00010"));
        }
        JsonObject withSequences = study.get(0);
        assertEquals(OTHER_SERIES, first(withSequences.getJsonObject("00081115").getJsonArray("Value").getJsonObject(0), "0020000E"));
        JsonObject icon = withSequences.getJsonObject("00880200").getJsonArray("Value").getJsonObject(0);
        assertEquals(instanceUrl("/dicom-web", S1, S1_SERIES1, S1_SERIES1 + ".1") + "/bulkdata/00880200/0/7FE00010",
            bulkDataUri(icon, "7FE00010"), "the instance's own series, not the referenced one");
        assertEquals("\"BulkDataURI\":\"bulkdata/7FE00010", first(withSequences, "00204000"), "text values stay as stored");
    }

    @Test
    void seriesAndInstanceMetadata() {
        List<JsonObject> series = ok("/dicom-web/studies/" + S2 + "/series/" + S2_SERIES1 + "/metadata");
        assertEquals(List.of(S2_SERIES1 + ".1", S2_SERIES1 + ".2"), List.copyOf(column(series, "00080018")));
        JsonObject first = series.get(0);
        // What OHIF reads from series metadata.
        assertEquals(S2, first(first, "0020000D"));
        assertEquals(S2_SERIES1, first(first, "0020000E"));
        assertEquals("MR", first(first, "00080060"));
        assertEquals(1, number(first, "00200011"));
        assertEquals(1, number(first, "00200013"));
        assertEquals("Müller^Jürgen", first(first, "00100010"));
        assertEquals("MONOCHROME2", first(first, "00280004"));
        assertEquals(16, number(first, "00280100"));

        List<JsonObject> instance = ok("/dicom-web/studies/" + S1 + "/series/" + S1_SERIES2 + "/instances/" + S1_SERIES2 + ".2/metadata");
        assertEquals(1, instance.size());
        assertEquals(2, number(instance.get(0), "00200013"));
        assertEquals(instanceUrl("/dicom-web", S1, S1_SERIES2, S1_SERIES2 + ".2") + "/bulkdata/7FE00010",
            bulkDataUri(instance.get(0), "7FE00010"));
    }

    @Test
    void absoluteBaseUrl() {
        List<JsonObject> instance = ok("/abs/dicom-web/studies/" + S1 + "/series/" + S1_SERIES1 + "/instances/" + S1_SERIES1 + ".3/metadata");
        assertEquals(instanceUrl(ABSOLUTE_BASE, S1, S1_SERIES1, S1_SERIES1 + ".3") + "/bulkdata/7FE00010",
            bulkDataUri(instance.get(0), "7FE00010"));
    }

    @Test
    void unknownStudySeriesOrInstanceIs404() {
        for (String path : List.of("/studies/1.2.3.404/metadata", "/studies/" + S1 + "/series/1.2.3.404/metadata",
            "/studies/" + S1 + "/series/" + S1_SERIES1 + "/instances/1.2.3.404/metadata",
            "/studies/" + S2 + "/series/" + S1_SERIES1 + "/metadata")) {
            HttpResponse<String> response = archive.get("/dicom-web" + path);
            assertEquals(404, response.statusCode(), path);
            assertEquals(404, new JsonObject(response.body()).getInteger("status"));
            assertTrue(response.headers().firstValue("Cache-Control").isEmpty(), "an error is not cached as metadata");
        }
        assertEquals(400, archive.get("/dicom-web/studies/1.2.*/metadata").statusCode());
    }

    @Test
    void acceptNegotiation() {
        assertEquals(406, archive.get("/dicom-web/studies/" + S1 + "/metadata", "Accept", "multipart/related; type=\"application/dicom+xml\"")
            .statusCode());
        HttpResponse<String> json = archive.get("/dicom-web/studies/" + S1 + "/metadata", "Accept", "application/json");
        assertEquals(200, json.statusCode());
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void largeSeriesStreamsCompleteAndValid() {
        HttpResponse<String> response = archive.get("/dicom-web/studies/" + BIG + "/series/" + BIG_SERIES + "/metadata",
            "Accept-Encoding", "identity");
        assertEquals(200, response.statusCode());
        List<JsonObject> instances = objects(response.body());
        assertEquals(SeededArchive.BIG_SIZE, instances.size());
        JsonObject last = instances.get(instances.size() - 1);
        assertEquals(SeededArchive.BIG_SIZE, number(last, "00200013"));
        assertEquals(instanceUrl("/dicom-web", BIG, BIG_SERIES, first(last, "00080018")) + "/bulkdata/7FE00010",
            bulkDataUri(last, "7FE00010"));
    }

    @Test
    void clientsThatGoAwayMidStreamFreeTheirDatabaseConnections() throws Exception {
        // More abandoned streams than the pool has connections (8), each left with a full socket:
        // none may keep its database connection, or the pool runs dry and what follows is a 503.
        for (int i = 0; i < 12; i++) {
            try (java.net.Socket socket = new java.net.Socket("localhost", archive.port())) {
                socket.getOutputStream().write(("GET /dicom-web/studies/" + BIG + "/series/" + BIG_SERIES + "/metadata HTTP/1.1\r\n"
                    + "Host: localhost\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                byte[] some = socket.getInputStream().readNBytes(8192);
                assertTrue(new String(some, java.nio.charset.StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            }
        }
        assertEquals(1, ok("/dicom-web/studies/" + S1 + "/series/" + S1_SERIES2 + "/instances/" + S1_SERIES2 + ".1/metadata").size());
        assertEquals(SeededArchive.BIG_SIZE, ok("/dicom-web/studies/" + BIG + "/metadata").size());
    }
}
