package io.sagitta.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB instance over HTTP/2 cleartext to the archive running with a 256 MiB heap: in by STOW-RS from a
 * prior-knowledge HTTP/2 client (the body held back by the stream's flow-control window while the store path
 * pauses the request, never queued in the archive), out by WADO-RS to the JDK's HttpClient, whose GET is
 * upgraded to h2c, every pixel byte checked. Either direction holding the instance would exhaust the heap or
 * the direct memory (which defaults to the heap's size).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class H2cLargeInstanceJarIT {

    // 512 frames of 1024 x 1024 16-bit pixels: 1 GiB of Pixel Data, four times the heap.
    private static final int SIZE = 1024;
    private static final int FRAMES = Integer.getInteger("sagitta.h2c.large.frames", 512);
    private static final long DISK_NEEDED = 4L << 30;
    private static final String BOUNDARY = "h2c-large-instance-boundary";

    @Test
    void aGibInstanceGoesInAndComesOutOverH2cWithAQuarterGibHeap(@TempDir Path dataDir) throws Exception {
        assumeTrue(Files.getFileStore(dataDir).getUsableSpace() > DISK_NEEDED,
            "needs " + (DISK_NEEDED >> 30) + " GiB of free disk under " + dataDir);
        Vertx vertx = Vertx.vertx();
        try (ArchiveProcess archive = new ArchiveProcess(dataDir.resolve("archive"))) {
            String dicomWeb = archive.httpBase + "/dicom-web";
            LargeInstance stowed = new LargeInstance("2.25.81200000000000000000000000001", SIZE, SIZE, FRAMES);

            HttpClientAgent priorKnowledge = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
            InputStream body = new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
                ascii("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n"),
                stowed.stream(),
                ascii("\r\n--" + BOUNDARY + "--\r\n"))));
            Future<String[]> stow = priorKnowledge.request(new RequestOptions().setMethod(HttpMethod.POST)
                    .setAbsoluteURI(dicomWeb + "/studies")
                    .putHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                    .putHeader("Accept", "application/dicom+json"))
                .compose(request -> sendStreaming(request, body))
                .compose(response -> response.body().map(text -> new String[] {
                    response.version().name(), String.valueOf(response.statusCode()), text.toString()}));
            String[] answer = stow.toCompletionStage().toCompletableFuture().get(8, TimeUnit.MINUTES);
            assertEquals(HttpVersion.HTTP_2.name(), answer[0]);
            assertEquals("200", answer[1], answer[2]);
            assertTrue(answer[2].contains(stowed.sopInstanceUid), answer[2]);

            HttpClient viewer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<InputStream> wado = viewer.send(HttpRequest.newBuilder(URI.create(dicomWeb + "/studies/"
                    + stowed.studyUid + "/series/" + stowed.seriesUid + "/instances/" + stowed.sopInstanceUid))
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*").build(),
                HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, wado.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, wado.version(), "the GET was upgraded");
            try (InputStream in = wado.body()) {
                stowed.checkPixels(in);
                String trailer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(trailer.startsWith("\r\n--") && trailer.strip().endsWith("--"), trailer);
            }

            HttpResponse<String> live = viewer.send(HttpRequest.newBuilder(URI.create(archive.httpBase + "/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), "the archive is still up");
            assertEquals(143, archive.stop());
            assertTrue(archive.all.stream().noneMatch(line -> line.contains("OutOfMemoryError")), archive.all::toString);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes the body as the stream's window allows (writeQueueFull/drain), so the client holds little. */
    private static Future<io.vertx.core.http.HttpClientResponse> sendStreaming(HttpClientRequest request, InputStream body) {
        request.setChunked(true);
        Promise<Void> written = Promise.promise();
        writeWhileWindowOpen(request, body, written);
        return written.future().compose(done -> request.end()).compose(ended -> request.response());
    }

    private static void writeWhileWindowOpen(HttpClientRequest request, InputStream body, Promise<Void> written) {
        byte[] chunk = new byte[64 * 1024];
        try {
            while (!request.writeQueueFull()) {
                int n = body.readNBytes(chunk, 0, chunk.length);
                if (n == 0) {
                    written.complete();
                    return;
                }
                request.write(Buffer.buffer().appendBytes(chunk, 0, n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        request.drainHandler(ignored -> writeWhileWindowOpen(request, body, written));
    }

    private static InputStream ascii(String s) {
        return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }
}
