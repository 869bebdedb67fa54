package io.sagitta.dicomweb.qido;

import static io.sagitta.dicomweb.Json.column;
import static io.sagitta.dicomweb.Json.first;
import static io.sagitta.dicomweb.Json.number;
import static io.sagitta.dicomweb.Json.objects;
import static io.sagitta.dicomweb.Json.values;
import static io.sagitta.dicomweb.SeededArchive.BIG;
import static io.sagitta.dicomweb.SeededArchive.S1;
import static io.sagitta.dicomweb.SeededArchive.S1_SERIES1;
import static io.sagitta.dicomweb.SeededArchive.S1_SERIES2;
import static io.sagitta.dicomweb.SeededArchive.S2;
import static io.sagitta.dicomweb.SeededArchive.S2_SERIES1;
import static io.sagitta.dicomweb.SeededArchive.S3;
import static io.sagitta.dicomweb.SeededArchive.S3_SERIES1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.dicomweb.SeededArchive;
import io.sagitta.dicomweb.TestArchive;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** QIDO-RS through a real HTTP client against the routes, the index and PostgreSQL. */
@ExtendWith(SeededArchive.Resolver.class)
class QidoRoutesTest {

    private static TestArchive archive;

    @BeforeAll
    static void start(SeededArchive seeded) {
        archive = seeded.archive;
    }

    private static List<JsonObject> ok(String pathAndQuery, String... headers) {
        HttpResponse<String> response = archive.get(pathAndQuery, headers);
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        assertEquals("application/dicom+json", response.headers().firstValue("Content-Type").orElse(null), pathAndQuery);
        return objects(response.body());
    }

    private static Set<String> studies(String query) {
        return column(ok("/dicom-web/studies?" + query), "0020000D");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonObject byUid(List<JsonObject> results, String tag, String uid) {
        return results.stream().filter(r -> uid.equals(first(r, tag))).findFirst().orElseThrow(() -> new AssertionError(uid));
    }

    // ------------------------------------------------------------------ studies

    @Test
    void allStudiesWithDefaultKeysAndComputedCounts() {
        List<JsonObject> results = ok("/dicom-web/studies");
        assertEquals(Set.of(S1, S2, S3, BIG), column(results, "0020000D"));
        JsonObject s1 = byUid(results, "0020000D", S1);
        // PS3.18 table 10.6.3-3 (TimezoneOffsetFromUTC aside: not kept)
        for (String tag : List.of("00080020", "00080030", "00080050", "00080056", "00080061", "00080090", "00081190",
            "00100010", "00100020", "00100030", "00100040", "0020000D", "00200010", "00201206", "00201208")) {
            assertTrue(s1.containsKey(tag), "default key " + tag + " in " + s1);
        }
        assertEquals("20200115", first(s1, "00080020"));
        assertEquals("Doe^John", first(s1, "00100010"));
        assertEquals("ONLINE", first(s1, "00080056"));
        assertEquals(List.of("CT"), values(s1, "00080061"));
        assertEquals(2, number(s1, "00201206"));
        assertEquals(5, number(s1, "00201208"));
        assertEquals("/dicom-web/studies/" + S1, first(s1, "00081190"));
        JsonObject s2 = byUid(results, "0020000D", S2);
        assertEquals(Set.of("CT", "MR"), Set.copyOf(values(s2, "00080061")));
        assertEquals(2, number(s2, "00201206"));
        assertEquals(3, number(s2, "00201208"));
        assertEquals("Müller^Jürgen", first(s2, "00100010"), "non-ASCII names survive as UTF-8 JSON");
        assertEquals(SeededArchive.BIG_SIZE, number(byUid(results, "0020000D", BIG), "00201208"));
    }

    @Test
    void patientNameWildcardsAreCaseInsensitive() {
        assertEquals(Set.of(S1), studies("PatientName=doe*"));
        assertEquals(Set.of(S1), studies("PatientName=D%3Fe%5EJohn"));
        assertEquals(Set.of(S2), studies("PatientName=*ller*"));
        assertEquals(Set.of(S2), studies("PatientName=" + enc("Müller*")));
        assertEquals(Set.of(S1, S2, S3, BIG), studies("PatientName=*"), "universal");
        assertEquals(Set.of(S1, S2, S3, BIG), studies("PatientName="), "empty is universal");
    }

    @Test
    void fuzzyMatchingIgnoresAccents() {
        assertEquals(Set.of(), studies("PatientName=muller"));
        assertEquals(Set.of(S2), studies("PatientName=muller&fuzzymatching=true"));
        assertEquals(Set.of(S2), studies("PatientName=jurgen&fuzzymatching=true"));
        assertEquals(Set.of(), studies("PatientName=muller&fuzzymatching=false"));
    }

    @Test
    void dateRanges() {
        assertEquals(Set.of(S1), studies("StudyDate=20200115"));
        assertEquals(Set.of(S1, S2), studies("StudyDate=20200101-20211231"));
        assertEquals(Set.of(S1), studies("StudyDate=-20200201"));
        assertEquals(Set.of(S3, BIG), studies("StudyDate=20221201-"));
        assertEquals(Set.of(S1), studies("StudyDate=20200115&StudyTime=1000-1100"));
    }

    @Test
    void modalitiesInStudyMatchesAnyOfTheStudysModalities() {
        assertEquals(Set.of(S2, S3), studies("ModalitiesInStudy=MR"));
        assertEquals(Set.of(S1, S2, BIG), studies("ModalitiesInStudy=CT"));
    }

    @Test
    void uidListsCommaBackslashOrRepeated() {
        assertEquals(Set.of(S1, S3), studies("StudyInstanceUID=" + S1 + "," + S3));
        assertEquals(Set.of(S1, S2), studies("StudyInstanceUID=" + S1 + "%5C" + S2));
        assertEquals(Set.of(S2, S3), studies("StudyInstanceUID=" + S2 + "&StudyInstanceUID=" + S3));
        assertEquals(Set.of(S2), studies("0020000D=" + S2));
    }

    @Test
    void matchingByTag() {
        assertEquals(Set.of(S2), studies("00100020=P2"));
        assertEquals(Set.of(S3), studies("00100010=smith*"));
    }

    @Test
    void includeFieldByKeywordTagListRepeatedAndAll() {
        JsonObject s1 = byUid(ok("/dicom-web/studies?includefield=StudyDescription"), "0020000D", S1);
        assertEquals("CT study of P1", first(s1, "00081030"));
        assertFalse(byUid(ok("/dicom-web/studies"), "0020000D", S1).containsKey("00081030"), "not a default key");
        s1 = byUid(ok("/dicom-web/studies?includefield=00081030,00100040&includefield=ReferringPhysicianName"), "0020000D", S1);
        assertEquals("CT study of P1", first(s1, "00081030"));
        assertEquals("Referrer^Rita", first(s1, "00080090"));
        s1 = byUid(ok("/dicom-web/studies?includefield=all"), "0020000D", S1);
        assertEquals("CT study of P1", first(s1, "00081030"));
        assertEquals("1", first(s1, "00200010"));
    }

    @Test
    void limitAndOffsetPageThroughAStableOrder() {
        List<String> all = List.copyOf(column(ok("/dicom-web/studies"), "0020000D"));
        assertEquals(4, all.size());
        assertEquals(all.subList(0, 2), List.copyOf(column(ok("/dicom-web/studies?limit=2"), "0020000D")));
        assertEquals(all.subList(2, 4), List.copyOf(column(ok("/dicom-web/studies?limit=2&offset=2"), "0020000D")));
        assertEquals(all.subList(3, 4), List.copyOf(column(ok("/dicom-web/studies?offset=3"), "0020000D")));
        assertEquals(List.of(), ok("/dicom-web/studies?offset=10"));
    }

    @Test
    void ohifStudyListRequest() {
        List<JsonObject> results = ok("/dicom-web/studies?limit=101&offset=0&fuzzymatching=false&includefield=00081030%2C00080060",
            "Accept", "application/dicom+json");
        assertEquals(4, results.size());
        JsonObject s2 = byUid(results, "0020000D", S2);
        assertEquals("Müller^Jürgen", first(s2, "00100010"));
        assertEquals("P2", first(s2, "00100020"));
        assertEquals("20210310", first(s2, "00080020"));
        assertEquals("101500", first(s2, "00080030"));
        assertEquals("ACC-P2", first(s2, "00080050"));
        assertEquals("MR study of P2", first(s2, "00081030"));
        assertEquals(Set.of("CT", "MR"), Set.copyOf(values(s2, "00080061")));
        assertEquals(3, number(s2, "00201208"));
        // OHIF's search box: wildcard patient name with the same paging keys.
        results = ok("/dicom-web/studies?limit=101&offset=0&fuzzymatching=false&includefield=00081030%2C00080060&PatientName=*LLER*");
        assertEquals(Set.of(S2), column(results, "0020000D"));
    }

    @Test
    void emptyResultIsAnEmptyArray() {
        HttpResponse<String> response = archive.get("/dicom-web/studies?PatientID=NOBODY");
        assertEquals(200, response.statusCode());
        assertEquals("[]", response.body());
    }

    // ------------------------------------------------------------------ series and instances

    @Test
    void seriesOfAStudyInSeriesNumberOrder() {
        List<JsonObject> results = ok("/dicom-web/studies/" + S1 + "/series?includefield=0008103E%2C00080021%2C00080031");
        assertEquals(List.of(S1_SERIES1, S1_SERIES2), List.copyOf(column(results, "0020000E")));
        JsonObject first = results.get(0);
        assertEquals("CT", first(first, "00080060"));
        assertEquals(1, number(first, "00200011"));
        assertEquals(3, number(first, "00201209"));
        assertEquals(2, number(results.get(1), "00201209"));
        assertEquals("CT series 1", first(first, "0008103E"));
        assertEquals("/dicom-web/studies/" + S1 + "/series/" + S1_SERIES1, first(first, "00081190"));
        assertFalse(first.containsKey("00100010"), "study keys are not defaults when the study is in the path");
        assertEquals(List.of(), ok("/dicom-web/studies/1.2.3.404/series"));
    }

    @Test
    void allSeriesCarryTheirStudysDefaults() {
        List<JsonObject> results = ok("/dicom-web/series?Modality=MR");
        assertEquals(Set.of(S2_SERIES1, S3_SERIES1), column(results, "0020000E"));
        JsonObject s2 = byUid(results, "0020000E", S2_SERIES1);
        assertEquals(S2, first(s2, "0020000D"));
        assertEquals("Müller^Jürgen", first(s2, "00100010"));
        assertEquals("20210310", first(s2, "00080020"));
        assertEquals(2, number(s2, "00201209"));
        assertEquals(Set.of(S1_SERIES1, S1_SERIES2), column(ok("/dicom-web/series?PatientName=doe*"), "0020000E"));
    }

    @Test
    void instancesAtEveryScope() {
        List<JsonObject> all = ok("/dicom-web/instances?PatientID=P1");
        assertEquals(5, all.size());
        JsonObject one = byUid(all, "00080018", S1_SERIES2 + ".1");
        assertEquals("Doe^John", first(one, "00100010"), "study defaults across studies");
        assertEquals("CT", first(one, "00080060"), "series defaults");
        assertEquals(32, number(one, "00280010"));
        assertEquals(32, number(one, "00280011"));
        assertEquals(1, number(one, "00200013"));
        assertEquals("/dicom-web/studies/" + S1 + "/series/" + S1_SERIES2 + "/instances/" + S1_SERIES2 + ".1",
            first(one, "00081190"));

        List<JsonObject> ofStudy = ok("/dicom-web/studies/" + S1 + "/instances");
        assertEquals(List.of(S1_SERIES1 + ".1", S1_SERIES1 + ".2", S1_SERIES1 + ".3", S1_SERIES2 + ".1", S1_SERIES2 + ".2"),
            List.copyOf(column(ofStudy, "00080018")), "series then instance number order");
        assertEquals("CT", first(ofStudy.get(0), "00080060"), "series defaults within a study");
        assertFalse(ofStudy.get(0).containsKey("00100010"));

        List<JsonObject> ofSeries = ok("/dicom-web/studies/" + S1 + "/series/" + S1_SERIES1 + "/instances");
        assertEquals(List.of(S1_SERIES1 + ".1", S1_SERIES1 + ".2", S1_SERIES1 + ".3"), List.copyOf(column(ofSeries, "00080018")));
        assertEquals(Set.of(S1_SERIES1 + ".2"),
            column(ok("/dicom-web/studies/" + S1 + "/series/" + S1_SERIES1 + "/instances?InstanceNumber=2"), "00080018"));
        assertEquals(Set.of(S1_SERIES1 + ".1", S1_SERIES1 + ".3"), column(ok("/dicom-web/studies/" + S1 + "/series/"
            + S1_SERIES1 + "/instances?SOPInstanceUID=" + S1_SERIES1 + ".1," + S1_SERIES1 + ".3"), "00080018"));
    }

    @Test
    void aQueryParameterCannotWidenThePathScope() {
        assertEquals(Set.of(S1_SERIES1, S1_SERIES2),
            column(ok("/dicom-web/studies/" + S1 + "/series?StudyInstanceUID=" + S2), "0020000E"));
    }

    @Test
    void instanceIncludeFieldReadsStoredAttributes() {
        List<JsonObject> results = ok("/dicom-web/studies/" + S1 + "/series/" + S1_SERIES1
            + "/instances?includefield=PhotometricInterpretation&includefield=00204000");
        JsonObject first = results.get(0);
        assertEquals("MONOCHROME2", first(first, "00280004"));
        assertEquals("\"BulkDataURI\":\"bulkdata/7FE00010", first(first, "00204000"), "text is never rewritten");
    }

    // ------------------------------------------------------------------ errors, warnings, negotiation

    @Test
    void malformedParametersAre400WithAReason() {
        for (String query : List.of("StudyDate=2020-01-01-2020", "StudyDate=20201341", "StudyDate=20211231-20200101",
            "limit=abc", "limit=-1", "offset=99999999999", "limit=1&limit=2", "fuzzymatching=maybe", "0010001Z=x",
            "includefield=0010001Z", "StudyInstanceUID=1.2*", "PatientID=a&PatientID=b")) {
            HttpResponse<String> response = archive.get("/dicom-web/studies?" + query.replace("*", "%2A"));
            assertEquals(400, response.statusCode(), query + ": " + response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
            JsonObject body = new JsonObject(response.body());
            assertEquals(400, body.getInteger("status"));
            assertFalse(body.getString("error").isBlank(), query);
            assertFalse(body.getString("error").contains("Exception"), "no stack traces: " + body);
        }
        assertEquals(400, archive.get("/dicom-web/studies/1.2.*/series").statusCode(), "wildcard UID in the path");
        assertEquals(200, archive.get("/dicom-web/studies").statusCode(), "and the server keeps serving");
    }

    @Test
    void unknownAndUnsupportedParametersGetAWarning() {
        HttpResponse<String> response = archive.get("/dicom-web/studies?PatientID=P1&foo=bar");
        assertEquals(200, response.statusCode());
        assertEquals(Set.of(S1), column(objects(response.body()), "0020000D"));
        List<String> warnings = response.headers().allValues("Warning");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).matches("299 \\S+ \".*foo.*\""), warnings.get(0));

        response = archive.get("/dicom-web/studies?SOPInstanceUID=1.2.3&ReferencedSeriesSequence.SeriesInstanceUID=1.2");
        assertEquals(200, response.statusCode());
        assertEquals(4, objects(response.body()).size(), "filters the index cannot apply at study level are ignored");
        warnings = response.headers().allValues("Warning");
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("SOPInstanceUID")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("sequence")), warnings.toString());

        assertTrue(archive.get("/dicom-web/studies").headers().allValues("Warning").isEmpty());
    }

    @Test
    void acceptNegotiation() {
        HttpResponse<String> json = archive.get("/dicom-web/studies?PatientID=P3", "Accept", "application/json");
        assertEquals(200, json.statusCode());
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(null));
        assertEquals(Set.of(S3), column(objects(json.body()), "0020000D"));
        assertEquals(200, archive.get("/dicom-web/studies", "Accept", "*/*").statusCode());
        assertEquals(200, archive.get("/dicom-web/studies", "Accept", "application/xml;q=0.9, application/dicom+json").statusCode());
        assertEquals(406, archive.get("/dicom-web/studies", "Accept", "application/xml").statusCode());
        assertEquals(406, archive.get("/dicom-web/studies", "Accept", "multipart/related; type=\"application/dicom+xml\"").statusCode());
        assertEquals(406, archive.get("/dicom-web/studies", "Accept", "application/dicom+json;q=0").statusCode());
        HttpResponse<String> param = archive.get("/dicom-web/studies?accept=application/dicom%2Bjson", "Accept", "application/xml");
        assertEquals(200, param.statusCode(), "the accept query parameter replaces the header");
        assertTrue(param.headers().allValues("Warning").isEmpty());
        assertEquals(200, archive.get("/dicom-web/studies?accept=application/dicom+json").statusCode(), "'+' decoded as a space");
    }

    @Test
    void maximumResultsLowerTheLimitWithAWarning() {
        HttpResponse<String> response = archive.get("/capped/dicom-web/studies?limit=10");
        assertEquals(3, objects(response.body()).size());
        assertTrue(response.headers().firstValue("Warning").orElse("").contains("maximum"));
        assertEquals(3, objects(archive.get("/capped/dicom-web/instances").body()).size());
        assertEquals(2, objects(archive.get("/capped/dicom-web/studies?limit=2").body()).size());
    }

    @Test
    void absoluteBaseUrlAndCors() {
        HttpResponse<String> response = archive.get("/abs/dicom-web/studies?PatientID=P1", "Origin", SeededArchive.VIEWER_ORIGIN);
        assertEquals(200, response.statusCode());
        assertEquals(SeededArchive.ABSOLUTE_BASE + "/studies/" + S1, first(objects(response.body()).get(0), "00081190"));
        assertEquals(SeededArchive.VIEWER_ORIGIN, response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(response.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("Warning"));

        HttpResponse<String> preflight = archive.send(archive.request("/abs/dicom-web/studies", "Origin", SeededArchive.VIEWER_ORIGIN,
            "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "accept")
            .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(preflight.statusCode() == 200 || preflight.statusCode() == 204, "preflight " + preflight.statusCode());
        assertEquals(SeededArchive.VIEWER_ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));

        HttpResponse<String> other = archive.get("/abs/dicom-web/studies", "Origin", "https://evil.example.com");
        assertNull(other.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(other.statusCode() == 403 || other.statusCode() == 200, "refused or at least not shared: " + other.statusCode());

        HttpResponse<String> noCors = archive.get("/dicom-web/studies", "Origin", SeededArchive.VIEWER_ORIGIN);
        assertEquals(200, noCors.statusCode());
        assertNull(noCors.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "CORS is off by default");
    }

    // ------------------------------------------------------------------ streaming

    @Test
    void largeResultStreamsCompleteAndValid() {
        HttpResponse<String> response = archive.get("/dicom-web/studies/" + BIG + "/instances");
        assertEquals(200, response.statusCode());
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(null), "streamed, not buffered");
        List<JsonObject> results = objects(response.body());
        assertEquals(SeededArchive.BIG_SIZE, results.size());
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i + 1, number(results.get(i), "00200013"), "instance number order");
        }
        assertEquals(SeededArchive.BIG_SIZE, results.stream().map(r -> first(r, "00080018")).collect(Collectors.toSet()).size());
    }

    @Test
    void slowClientStillGetsEverything() throws Exception {
        HttpResponse<java.io.InputStream> response = archive.send(archive.request("/dicom-web/instances?PatientID=P9").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = response.body()) {
            byte[] chunk = new byte[4096];
            int n;
            int reads = 0;
            while ((n = in.read(chunk)) >= 0) {
                body.write(chunk, 0, n);
                if (reads++ < 20) {
                    Thread.sleep(20); // a slow reader at first: the server must pause, not buffer or drop
                }
            }
        }
        assertEquals(SeededArchive.BIG_SIZE, objects(body.toString(StandardCharsets.UTF_8)).size());
        assertEquals(200, archive.get("/dicom-web/studies?limit=1").statusCode());
    }

    @Test
    void jsonIsGzippedWhenAsked() throws Exception {
        HttpResponse<byte[]> response = archive.getBytes("/dicom-web/studies/" + BIG + "/instances", "Accept-Encoding", "gzip");
        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
        byte[] plain;
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
            plain = in.readAllBytes();
        }
        assertTrue(response.body().length * 5 < plain.length, "compressed " + response.body().length + " of " + plain.length);
        assertEquals(SeededArchive.BIG_SIZE, objects(new String(plain, StandardCharsets.UTF_8)).size());
        HttpResponse<byte[]> small = archive.getBytes("/dicom-web/studies?PatientID=P1", "Accept-Encoding", "gzip");
        assertEquals(200, small.statusCode());
        assertNotNull(small.body());
    }
}
