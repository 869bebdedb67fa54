package io.sagitta.dicomweb;

import static io.sagitta.dicomweb.TestArchive.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With PostgreSQL down the routes answer 503 quickly; once it is back they serve again. */
class IndexOutageTest {

    private static TestArchive archive;

    @BeforeAll
    static void start() throws Exception {
        archive = new TestArchive(TestArchive.mounts("/dicom-web", DicomWebOptions.DEFAULT));
        archive.record(Instances.instance("Doe^John", "P1", "1.2.3.1", "20200101", "1.2.3.1.1", 1, "CT", "1.2.3.1.1.1", 1));
    }

    @AfterAll
    static void stop() throws Exception {
        archive.close();
    }

    @Test
    void unavailableIndexIs503AndServingResumesWhenItIsBack() {
        assertEquals(200, archive.get("/dicom-web/studies").statusCode());
        await(archive.server.stop());
        try {
            for (String path : new String[] {"/dicom-web/studies", "/dicom-web/studies/1.2.3.1/series",
                "/dicom-web/studies/1.2.3.1/metadata"}) {
                HttpResponse<String> response = archive.get(path);
                assertEquals(503, response.statusCode(), path + ": " + response.body());
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
                assertEquals(503, new JsonObject(response.body()).getInteger("status"));
            }
            assertEquals(400, archive.get("/dicom-web/studies?limit=x").statusCode(), "bad requests are still told apart");
        } finally {
            await(archive.server.start());
        }
        HttpResponse<String> back = archive.get("/dicom-web/studies");
        assertEquals(200, back.statusCode(), back.body());
        assertEquals(1, new io.vertx.core.json.JsonArray(back.body()).size());
        assertEquals(200, archive.get("/dicom-web/studies/1.2.3.1/metadata").statusCode());
    }
}
