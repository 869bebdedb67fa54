package io.sagitta.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.server.Archive;
import io.sagitta.server.config.ConfigKeys;
import io.sagitta.server.config.SagittaConfig;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.idle_timeout}: a connection on which nothing happens is closed after it, so a client that stops
 * reading (or never says anything) cannot hold the archive's buffers for ever; one that is answered is not cut.
 */
class HttpIdleTimeoutTest {

    @TempDir
    Path dataDir;

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        Archive archive = Archive.start(SagittaConfig.load(null, Map.of("SAGITTA_DATA_DIR", dataDir.toString(),
                "SAGITTA_DICOM_PORT", "0", "SAGITTA_HTTP_PORT", "0", "SAGITTA_HTTP_IDLE_TIMEOUT", "1")))
            .toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", archive.httpPort()), 5000);
            socket.setSoTimeout(15_000);
            // A request answered in full, then silence on a keep-alive connection.
            socket.getOutputStream().write("GET /dicom-web/studies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            long started = System.nanoTime();
            byte[] all = in.readAllBytes(); // returns when the archive closes the connection
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            String answer = new String(all, StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(waitedMs >= 900 && waitedMs < 10_000, "closed after " + waitedMs + " ms");
        } finally {
            archive.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void zeroIsAllowedAndNegativeIsRefused() {
        assertEquals(0, SagittaConfig.load(null, Map.of("SAGITTA_HTTP_IDLE_TIMEOUT", "0"))
            .get(ConfigKeys.HTTP_IDLE_TIMEOUT));
        assertTrue(assertThrows(RuntimeException.class,
                () -> SagittaConfig.load(null, Map.of("SAGITTA_HTTP_IDLE_TIMEOUT", "-1")))
            .getMessage().contains("idle_timeout"));
    }
}
