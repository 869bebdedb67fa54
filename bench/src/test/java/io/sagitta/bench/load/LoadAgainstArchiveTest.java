package io.sagitta.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.server.Archive;
import io.sagitta.server.config.SagittaConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load tool against a real in-process Sagitta (embedded PostgreSQL, file blobs, ports 0). */
class LoadAgainstArchiveTest {

    @TempDir
    static Path data;
    @TempDir
    Path out;

    static Archive archive;

    @BeforeAll
    static void startArchive() throws Exception {
        SagittaConfig config = SagittaConfig.load(null, Map.of("SAGITTA_DATA_DIR", data.toString(),
            "SAGITTA_DICOM_PORT", "0", "SAGITTA_HTTP_PORT", "0"));
        archive = Archive.start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopArchive() throws Exception {
        if (archive != null) {
            archive.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void storeOverParallelAssociationsWritesJsonAndHtml() throws Exception {
        Path json = out.resolve("store.json");
        Path html = out.resolve("store.html");
        Result r = load("--workload", "store", "--modality", "small", "--studies", "3", "--instances-per-study", "4",
            "--concurrency", "2", "--json", json.toString(), "--html", html.toString());
        assertEquals(LoadCommand.OK, r.status, r.text());

        JsonObject report = new JsonObject(Files.readString(json));
        assertTrue(report.getBoolean("passed"));
        assertEquals(0L, report.getLong("errors"));
        assertEquals("store", report.getJsonObject("config").getString("workload"));
        assertNotNull(report.getString("uidRoot"));
        assertNotNull(report.getJsonObject("machine").getInteger("cores"));
        JsonArray operations = report.getJsonArray("operations");
        assertEquals(1, operations.size());
        JsonObject store = operations.getJsonObject(0);
        assertEquals("store", store.getString("name"));
        assertEquals(12L, store.getLong("succeeded"));
        assertEquals(12L, store.getLong("instances"));
        assertEquals(0L, store.getLong("failed"));
        assertTrue(store.getDouble("instancesPerSecond") > 0);
        assertTrue(store.getDouble("studiesPerDay") > 0);
        JsonObject latency = store.getJsonObject("latencyMs");
        for (String key : List.of("min", "mean", "p50", "p95", "p99", "max")) {
            assertTrue(latency.getDouble(key) > 0, key);
        }
        assertTrue(latency.getDouble("p50") <= latency.getDouble("p99"));
        assertTrue(latency.getDouble("p99") <= latency.getDouble("max"));
        assertTrue(store.getJsonArray("instancesPerSecondTimeline").size() >= 1);
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("PASS") && !page.contains("<script"), page);
        assertTrue(r.out.contains("store") && r.out.contains("PASS"), r.text());
    }

    @Test
    void storeWarmsUpOnStudiesOfItsOwn() throws Exception {
        Path json = out.resolve("warm.json");
        Result r = load("--workload", "store", "--modality", "small", "--studies", "3", "--instances-per-study", "4",
            "--concurrency", "2", "--warmup", "1s", "--json", json.toString());
        assertEquals(LoadCommand.OK, r.status, r.text());
        assertTrue(r.out.matches("(?s).*\\nstore +12 +0 .*"), r.text());
        assertTrue(!r.out.contains("warmup-store: "), "no studies/day line for the warm-up: " + r.text());

        JsonObject report = new JsonObject(Files.readString(json));
        JsonArray operations = report.getJsonArray("operations");
        assertEquals(List.of("warmup-store", "store"), operations.stream().map(o -> ((JsonObject) o).getString("name")).toList());
        long warm = operations.getJsonObject(0).getLong("succeeded");
        assertTrue(warm > 0, r.text());
        assertEquals(1.0, report.getJsonObject("config").getDouble("warmupSeconds"));

        // The archive holds every warm-up instance besides the measured ones: none of them was a re-send of a
        // measured instance. Studies 0-2 are the measured ones, 3 on the warm-up's.
        String root = report.getString("uidRoot");
        long measuredHeld = 0;
        long held = 0;
        for (int study = 0; study < 3 + warm / 4 + 3; study++) {
            long n = instancesHeld(root + ".1." + study);
            held += n;
            if (study < 3) {
                assertEquals(4, n, "measured study " + study);
                measuredHeld += n;
            }
        }
        assertEquals(12, measuredHeld);
        assertEquals(12 + warm, held);
    }

    @Test
    void readWorkloadsWarmUpThenMeasure() {
        Result frames = load("--workload", "frames", "--modality", "small", "--studies", "1", "--instances-per-study",
            "2", "--count", "6", "--warmup", "300ms");
        assertEquals(LoadCommand.OK, frames.status, frames.text());
        assertTrue(frames.out.matches("(?s).*\\nwarmup-frames +[1-9]\\d* +0 .*"), frames.text());
        assertTrue(frames.out.matches("(?s).*\\nframes +6 +0 .*"), frames.text());

        Result qido = load("--workload", "qido", "--modality", "small", "--studies", "2", "--instances-per-study", "1",
            "--count", "3", "--concurrency", "1", "--warmup", "300ms");
        assertEquals(LoadCommand.OK, qido.status, qido.text());
        for (String op : List.of("qido-list", "qido-name", "qido-date")) {
            assertTrue(qido.out.matches("(?s).*\\nwarmup-" + op + " +[1-9]\\d* +0 .*"), qido.text());
            assertTrue(qido.out.matches("(?s).*\\n" + op + " +1 +0 .*"), qido.text());
        }

        Result mixed = load("--workload", "mixed", "--modality", "small", "--studies", "1", "--instances-per-study", "2",
            "--duration", "1s", "--rate", "20", "--viewers", "1", "--concurrency", "1", "--warmup", "1s");
        assertEquals(LoadCommand.OK, mixed.status, mixed.text());
        for (String op : List.of("ingest-store", "viewer-wado-study")) {
            assertTrue(mixed.out.matches("(?s).*\\nwarmup-" + op + " +[1-9]\\d* +0 .*"), mixed.text());
            assertTrue(mixed.out.matches("(?s).*\\n" + op + " +[1-9]\\d* +0 .*"), mixed.text());
        }
    }

    @Test
    void stowThenWadoStudyReadWhatWasStored() {
        Result stow = load("--workload", "stow", "--modality", "small", "--studies", "3", "--instances-per-study", "3",
            "--batch", "2", "--concurrency", "2");
        assertEquals(LoadCommand.OK, stow.status, stow.text());
        assertTrue(stow.out.matches("(?s).*\\nstow +6 +0 .*"), stow.text());

        Result wado = load("--workload", "wado-study", "--modality", "small", "--studies", "2",
            "--instances-per-study", "3", "--count", "6", "--concurrency", "2", "--web", web(), "--seed-via", "stow");
        assertEquals(LoadCommand.OK, wado.status, wado.text());
        assertTrue(wado.out.matches("(?s).*\\nseed-stow +2 +0 .*"), wado.text());
        assertTrue(wado.out.matches("(?s).*\\nwado-study +6 +0 .*"), wado.text());
    }

    @Test
    void qidoMetadataAndFramesAfterSeedingOverDimse() {
        Result qido = load("--workload", "qido", "--modality", "small", "--studies", "4", "--instances-per-study", "2",
            "--count", "9", "--concurrency", "3");
        assertEquals(LoadCommand.OK, qido.status, qido.text());
        for (String op : List.of("qido-list", "qido-name", "qido-date")) {
            assertTrue(qido.out.matches("(?s).*\\n" + op + " +3 +0 .*"), qido.text());
        }
        assertTrue(qido.out.matches("(?s).*\\nseed-store +8 +0 .*"), qido.text());

        Result metadata = load("--workload", "wado-metadata", "--modality", "small", "--studies", "2",
            "--instances-per-study", "2", "--count", "4");
        assertEquals(LoadCommand.OK, metadata.status, metadata.text());
        Result frames = load("--workload", "frames", "--modality", "small", "--frames", "3", "--studies", "1",
            "--instances-per-study", "2", "--count", "6");
        assertEquals(LoadCommand.OK, frames.status, frames.text());
        assertTrue(frames.out.matches("(?s).*\\nframes +6 +0 .*"), frames.text());
    }

    @Test
    void mixedIngestsWhileViewersRetrieve() {
        Result mixed = load("--workload", "mixed", "--modality", "small", "--studies", "2", "--instances-per-study", "2",
            "--duration", "3s", "--rate", "20", "--viewers", "1", "--concurrency", "2", "--progress");
        assertEquals(LoadCommand.OK, mixed.status, mixed.text());
        assertTrue(mixed.out.contains("ingest-store") && mixed.out.contains("viewer-wado-study"), mixed.text());
        // The live line rewrites itself in place on stderr, naming what runs; stdout stays clean.
        assertTrue(mixed.err.contains("\r") && mixed.err.contains("viewer-wado-study") && mixed.err.contains("inst/s"),
            mixed.text());
        assertTrue(!mixed.out.contains("\r"), mixed.text());
    }

    @Test
    void compareRunsBothAndPrintsRatios() {
        String dicom = "127.0.0.1:" + archive.dimsePort();
        Result r = run(CompareCommand::run, "--workload", "store", "--modality", "small", "--studies", "1",
            "--instances-per-study", "3", "--a-dicom", dicom, "--b-dicom", dicom, "--concurrency", "1");
        assertEquals(LoadCommand.OK, r.status, r.text());
        assertTrue(r.out.contains("B / A") && r.out.matches("(?s).*\\nstore +\\d+\\.\\d\\d .*"), r.text());
    }

    private Result load(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.contains("--web")) {
            all.addAll(List.of("--web", web()));
        }
        all.addAll(List.of("--dicom", "127.0.0.1:" + archive.dimsePort()));
        if (!all.contains("--progress")) {
            all.add("--no-progress");
        }
        return run(LoadCommand::run, all.toArray(String[]::new));
    }

    /** NumberOfStudyRelatedInstances of the study as QIDO-RS answers it, 0 when the archive does not have it. */
    private static long instancesHeld(String studyUid) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(web() + "/studies?StudyInstanceUID=" + studyUid + "&includefield=00201208")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 204 || response.body().isBlank()) {
            return 0;
        }
        assertEquals(200, response.statusCode(), response.body());
        JsonArray studies = new JsonArray(response.body());
        if (studies.isEmpty()) {
            return 0;
        }
        return Long.parseLong(studies.getJsonObject(0).getJsonObject("00201208").getJsonArray("Value").getValue(0).toString());
    }

    private static String web() {
        return "http://127.0.0.1:" + archive.httpPort() + "/dicom-web";
    }

    interface Command {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static Result run(Command command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int status, String out, String err) {
        String text() {
            return "status " + status + "\n" + out + "\n" + err;
        }
    }
}
