package io.sagitta.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.server.Archive;
import io.sagitta.server.config.SagittaConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 cleartext on the archive's HTTP port, through real clients: the JDK's HttpClient (which asks for
 * the {@code Upgrade: h2c} on every request) gets HTTP/2 answers to QIDO-RS and WADO-RS GETs, multipart
 * and frames included, while its STOW-RS POST, which carries a body, is answered in HTTP/1.1 (the upgrade
 * declined, so the body streams with back-pressure); a prior-knowledge HTTP/2 client (Vert.x's) queries,
 * retrieves and stores; with {@code http.h2c} off everything is HTTP/1.1.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class H2cTest {

    private static final Path SAMPLE = Path.of(System.getProperty("sagitta.samples", "../ops/samples"), "ct-small.dcm");
    private static final String BOUNDARY = "sagitta-h2c-boundary";

    @TempDir
    static Path dataDir;
    static Archive archive;
    static String base;
    static Vertx clientVertx;

    @BeforeAll
    static void start() throws Exception {
        archive = Archive.start(SagittaConfig.load(null, Map.of(
            "SAGITTA_DATA_DIR", dataDir.toString(), "SAGITTA_DICOM_PORT", "0", "SAGITTA_HTTP_PORT", "0")))
            .toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + archive.httpPort();
        clientVertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (clientVertx != null) {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (archive != null) {
            archive.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void jdkClientUpgradesGetsButNotABodyAndPriorKnowledgeWorks() throws Exception {
        // (3) The POST asks for the upgrade like every request of this client; it has a body, so it stays HTTP/1.1.
        HttpClient stowClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> stow = stowClient.send(HttpRequest.newBuilder(URI.create(base + "/dicom-web/studies"))
            .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(stowBody())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stow.statusCode(), stow.body());
        assertEquals(HttpClient.Version.HTTP_1_1, stow.version(), "a request with a body must not be upgraded");

        // (1) A fresh client, so a new connection: Vert.x considers the upgrade only on a connection's first
        // request, and the POST's kept-alive HTTP/1.1 connection would carry the GETs. GETs go over h2c.
        HttpClient viewer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> qido = viewer.send(get("/dicom-web/instances", "application/dicom+json"),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, qido.statusCode(), qido.body());
        assertEquals(HttpClient.Version.HTTP_2, qido.version(), "a GET may upgrade");
        JsonObject found = new JsonArray(qido.body()).getJsonObject(0);
        String instancePath = "/dicom-web/studies/" + uid(found, "0020000D") + "/series/" + uid(found, "0020000E")
            + "/instances/" + uid(found, "00080018");

        HttpResponse<byte[]> wado = viewer.send(get(instancePath, "multipart/related; type=\"application/dicom\""),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wado.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, wado.version());
        byte[] stored = Files.readAllBytes(SAMPLE);
        String multipart = new String(wado.body(), StandardCharsets.ISO_8859_1);
        assertTrue(multipart.contains("DICM"), "the instance streamed as a part");
        assertTrue(wado.body().length > stored.length - 200, "the whole instance: " + wado.body().length);
        assertTrue(multipart.trim().endsWith("--"), "the multipart closed");

        HttpResponse<byte[]> frame = viewer.send(get(instancePath + "/frames/1", "application/octet-stream"),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, frame.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, frame.version());
        // ct-small is 16 x 16 pixels of 16 bits, its Pixel Data the last element of the file.
        assertArrayEquals(Arrays.copyOfRange(stored, stored.length - 512, stored.length), frame.body());

        // (2) Prior knowledge: HTTP/2 from the first byte, for a GET and for a STOW-RS.
        HttpClientAgent priorKnowledge = clientVertx.createHttpClient(new HttpClientOptions()
            .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        try {
            Answer query = exchange(priorKnowledge, new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(base + "/dicom-web/studies").putHeader("Accept", "application/dicom+json"), null);
            assertEquals(io.vertx.core.http.HttpVersion.HTTP_2, query.version());
            assertEquals(200, query.status());
            assertEquals(1, new JsonArray(query.body()).size());

            Answer retrieve = exchange(priorKnowledge, new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(base + instancePath).putHeader("Accept", "multipart/related; type=\"application/dicom\""), null);
            assertEquals(io.vertx.core.http.HttpVersion.HTTP_2, retrieve.version());
            assertEquals(200, retrieve.status());
            assertTrue(retrieve.body().length() > stored.length - 200);

            Answer store = exchange(priorKnowledge, new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(base + "/dicom-web/studies")
                .putHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY),
                Buffer.buffer(stowBody()));
            assertEquals(io.vertx.core.http.HttpVersion.HTTP_2, store.version());
            assertEquals(200, store.status(), store.body().toString());
        } finally {
            await(priorKnowledge.close());
        }
    }

    private record Answer(io.vertx.core.http.HttpVersion version, int status, Buffer body) {
    }

    /** One request through the Vert.x client, the body read in the response's own callback so none is lost. */
    private static Answer exchange(HttpClientAgent client, RequestOptions options, Buffer body) throws Exception {
        return await(client.request(options)
            .compose(request -> body == null ? request.send() : request.send(body))
            .compose(response -> response.body().map(read -> new Answer(response.version(), response.statusCode(), read))));
    }

    private static HttpRequest get(String path, String accept) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET().build();
    }

    private static byte[] stowBody() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(Files.readAllBytes(SAMPLE));
        body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static String uid(JsonObject dataset, String tag) {
        return dataset.getJsonObject(tag).getJsonArray("Value").getString(0);
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
