package io.sagitta.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sagitta.server.config.SagittaConfig;
import io.sagitta.server.logging.AuditLog;
import io.sagitta.server.logging.JsonLineEncoder;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The archive as {@code serve} starts it (embedded PostgreSQL, file blobs, free ports): /metrics moves with a
 * C-STORE (dcmtk's storescu), a C-FIND (findscu), a STOW-RS, a QIDO-RS and a WADO-RS; each of them writes
 * audit lines carrying the association or request id; X-Request-Id is echoed; the audit lines encode as JSON.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ObservabilityTest {

    private static final Path SAMPLE = Path.of(System.getProperty("sagitta.samples", "../ops/samples"), "ct-small.dcm");

    @TempDir
    static Path dataDir;
    static Archive archive;
    static String http;
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.setContext(context);
        logs.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
        archive = Archive.start(SagittaConfig.load(null, Map.of(
            "SAGITTA_DATA_DIR", dataDir.toString(), "SAGITTA_DICOM_PORT", "0", "SAGITTA_HTTP_PORT", "0")))
            .toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
        http = "http://127.0.0.1:" + archive.httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (archive != null) {
            archive.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void metricsAuditAndIdsFollowEveryDoor() throws Exception {
        String before = metrics();
        assertTrue(before.contains("# TYPE sagitta_instances_stored_total counter"), before);
        assertTrue(before.contains("jvm_memory_used_bytes"), "JVM meters");
        assertTrue(before.contains("sagitta_event_loop_lag_seconds"), "event-loop probe");
        assertTrue(before.contains("sagitta_db_pool_connections{state=\"acquired\"}"), "pool meters");
        assertEquals(0, value(before, "sagitta_associations_active"));
        assertEquals(0, value(before, "sagitta_instances_stored_total", "door=\"dimse\""));

        // C-STORE
        run("storescu", "-aec", "SAGITTA", "-aet", "MODALITY", "127.0.0.1", Integer.toString(archive.dimsePort()),
            SAMPLE.toString());
        ILoggingEvent stored = awaitAudit("store", "dimse");
        String association = kv(stored, "association");
        assertTrue(association.matches("a-\\d+"), association);
        assertEquals("MODALITY", kv(stored, "calling_ae"));
        assertTrue(kv(stored, "remote").startsWith("127.0.0.1:"), kv(stored, "remote"));
        assertEquals("0000", kv(stored, "outcome"));
        String study = kv(stored, "study");
        String series = kv(stored, "series");
        String instance = kv(stored, "instance");
        assertNotNull(study);
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().equals("association opened")
            && association.equals(kv(e, "association")) && "MODALITY".equals(kv(e, "calling_ae"))),
            "association opened with its id");
        long size = Files.size(SAMPLE);
        String afterStore = metrics();
        assertEquals(1, value(afterStore, "sagitta_instances_stored_total", "door=\"dimse\""));
        assertTrue(value(afterStore, "sagitta_stored_bytes_total", "door=\"dimse\"") >= size - 200);
        assertEquals(1, value(afterStore, "sagitta_store_requests_total", "door=\"dimse\"", "outcome=\"success\""));
        assertEquals(1, value(afterStore, "sagitta_associations_total", "outcome=\"accepted\""));
        assertEquals(1, value(afterStore, "sagitta_store_phase_duration_seconds_count", "phase=\"durable\""));
        assertEquals(1, value(afterStore, "sagitta_store_phase_duration_seconds_count", "phase=\"index\""));
        assertTrue(value(afterStore, "sagitta_store_phase_duration_seconds_sum", "phase=\"index\"") > 0);

        // C-FIND
        run("findscu", "-aec", "SAGITTA", "-aet", "VIEWER", "-S", "-k", "QueryRetrieveLevel=STUDY",
            "-k", "StudyInstanceUID=" + study, "127.0.0.1", Integer.toString(archive.dimsePort()));
        ILoggingEvent found = awaitAudit("query", "dimse");
        assertEquals("VIEWER", kv(found, "calling_ae"));
        assertEquals("STUDY", kv(found, "level"));
        assertEquals("1", kv(found, "results"));
        assertTrue(kv(found, "keys").contains("StudyInstanceUID=" + study), kv(found, "keys"));
        assertNotEquals(association, kv(found, "association"));
        assertEquals(1, value(metrics(), "sagitta_query_duration_seconds_count", "door=\"dimse\"", "level=\"study\""));

        // STOW-RS, with a client's request id
        String boundary = "sagitta-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(Files.readAllBytes(SAMPLE));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> stow = client.send(HttpRequest.newBuilder(URI.create(http + "/dicom-web/studies"))
            .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
            .header("X-Request-Id", "stow-1234")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stow.statusCode(), stow.body());
        assertEquals("stow-1234", stow.headers().firstValue("X-Request-Id").orElse(null));
        ILoggingEvent stowed = awaitAudit("store", "stow", "stow-1234");
        assertEquals(instance, kv(stowed, "instance"));
        assertEquals("duplicate", kv(stowed, "stored"));
        String afterStow = metrics();
        assertEquals(1, value(afterStow, "sagitta_instances_stored_total", "door=\"stow\""));
        assertEquals(1, value(afterStow, "sagitta_store_requests_total", "door=\"stow\"", "outcome=\"success\""));
        assertEquals(2, value(afterStow, "sagitta_store_phase_duration_seconds_count", "phase=\"durable\""));

        // QIDO-RS: an id is made when the client sends none, or a bad one
        HttpResponse<String> qido = get("/dicom-web/studies?StudyInstanceUID=" + study, "a bad id; with spaces");
        assertEquals(200, qido.statusCode());
        String qidoId = qido.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(qidoId.matches("r-\\d+"), qidoId);
        ILoggingEvent queried = awaitAudit("query", "qido", qidoId);
        assertEquals("200", kv(queried, "outcome"));
        assertEquals("STUDY", kv(queried, "level"));
        assertEquals(1, value(metrics(), "sagitta_query_duration_seconds_count", "door=\"qido\"", "level=\"study\""));

        // WADO-RS
        HttpResponse<String> wado = get("/dicom-web/studies/" + study + "/series/" + series + "/instances/" + instance,
            null);
        assertEquals(200, wado.statusCode());
        String wadoId = wado.headers().firstValue("X-Request-Id").orElseThrow();
        awaitAudit("retrieve", "wado", wadoId);
        String afterWado = metrics();
        assertEquals(1, value(afterWado, "sagitta_instances_retrieved_total", "door=\"wado\""));
        double bytesAfterWado = value(afterWado, "sagitta_retrieved_bytes_total", "door=\"wado\"");
        assertTrue(bytesAfterWado >= size - 200);
        // Over HTTP/1.1 the instance goes out as a file region (sendfile), past the response's own byte count.
        HttpResponse<String> http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
            HttpRequest.newBuilder(URI.create(http + "/dicom-web/studies/" + study + "/series/" + series + "/instances/"
                + instance)).header("X-Request-Id", "http1-wado").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, http1.statusCode());
        awaitAudit("retrieve", "wado", "http1-wado");
        assertTrue(value(metrics(), "sagitta_retrieved_bytes_total", "door=\"wado\"") >= bytesAfterWado + size - 200);

        // Health and metrics are not audited
        assertFalse(logs.list.stream().anyMatch(e -> AuditLog.LOGGER.equals(e.getLoggerName())
            && String.valueOf(kv(e, "path")).startsWith("/metrics")));

        // Every audit line encodes as one JSON object with its fields
        JsonLineEncoder encoder = new JsonLineEncoder();
        for (ILoggingEvent event : audits()) {
            String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
            assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
            JsonObject json = new JsonObject(line);
            assertEquals(AuditLog.LOGGER, json.getString("logger"));
            assertEquals("INFO", json.getString("level"));
            assertEquals(kv(event, "event"), json.getString("event"));
            assertNotNull(json.getString("time"));
            assertTrue(json.containsKey("association") || json.containsKey("request_id"), line);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<ILoggingEvent> audits() {
        synchronized (logs) {
            return new ArrayList<>(logs.list).stream().filter(e -> AuditLog.LOGGER.equals(e.getLoggerName()))
                .collect(Collectors.toList());
        }
    }

    /** The first audit line of {@code event} at {@code door} (and with {@code requestId}); audit lines follow the response. */
    private static ILoggingEvent awaitAudit(String event, String door, String... requestId) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (ILoggingEvent e : audits()) {
                if (event.equals(kv(e, "event")) && door.equals(kv(e, "door"))
                    && (requestId.length == 0 || requestId[0].equals(kv(e, "request_id")))) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no audit line " + event + "/" + door + " in " + audits().stream()
            .map(ObservabilityTest::describe).collect(Collectors.joining("\n")));
    }

    private static String describe(ILoggingEvent e) {
        return e.getFormattedMessage() + " " + e.getKeyValuePairs();
    }

    static String kv(ILoggingEvent event, String key) {
        if (event.getKeyValuePairs() == null) {
            return null;
        }
        for (KeyValuePair kv : event.getKeyValuePairs()) {
            if (kv.key.equals(key)) {
                return String.valueOf(kv.value);
            }
        }
        return null;
    }

    private static String metrics() throws Exception {
        HttpResponse<String> response = get("/metrics", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return response.body();
    }

    private static HttpResponse<String> get(String path, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http + path)).GET();
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample named {@code name} whose labels include every one of {@code labels}. */
    static double value(String text, String name, String... labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                boolean all = true;
                for (String label : labels) {
                    all &= line.contains(label);
                }
                if (all) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        throw new AssertionError("no " + name + " " + List.of(labels) + " in\n" + text);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + List.of(command));
        assertEquals(0, p.exitValue(), out);
    }
}
