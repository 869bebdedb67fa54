package io.sagitta.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.server.Archive;
import io.sagitta.server.config.SagittaConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With {@code http.h2c} off the archive answers the JDK's upgrade request for a GET in HTTP/1.1. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class H2cDisabledTest {

    @TempDir
    Path dataDir;

    @Test
    void getStaysHttp11() throws Exception {
        Archive archive = Archive.start(SagittaConfig.load(null, Map.of("SAGITTA_DATA_DIR", dataDir.toString(),
                "SAGITTA_DICOM_PORT", "0", "SAGITTA_HTTP_PORT", "0", "SAGITTA_HTTP_H2C", "false")))
            .toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> qido = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + archive.httpPort() + "/dicom-web/studies")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, qido.statusCode(), qido.body());
            assertEquals(HttpClient.Version.HTTP_1_1, qido.version());
        } finally {
            archive.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
