package io.sagitta.dicomweb.delete;

import static io.sagitta.dicomweb.TestArchive.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.dicomweb.DicomWeb;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.Instances;
import io.sagitta.dicomweb.TestArchive;
import io.sagitta.storage.blob.FileBlobStore;
import io.sagitta.storage.blob.FileBlobStoreOptions;
import io.sagitta.storage.cache.CachingInstanceIndex;
import io.sagitta.storage.cache.IndexCacheOptions;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE through HTTP against a real PostgreSQL and a file blob store, with the index caches in
 * front: what was read (and cached) before a delete is gone after it.
 */
class DeleteRoutesTest {

    @TempDir
    static Path blobRoot;
    static TestArchive archive;
    static FileBlobStore blobs;
    static CachingInstanceIndex index;
    static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        archive = new TestArchive(TestArchive.mounts("/unused", DicomWebOptions.DEFAULT));
        blobs = await(FileBlobStore.create(archive.vertx, new FileBlobStoreOptions().setRoot(blobRoot)));
        index = CachingInstanceIndex.wrap(archive.vertx, archive.index, IndexCacheOptions.DEFAULT);
        InstanceStore store = InstanceStore.create(blobs, index);
        Router root = Router.router(archive.vertx);
        root.route("/dicom-web/*").subRouter(DicomWeb.create(archive.vertx, index, blobs, store,
            DicomWebOptions.builder().allowDelete(true).build()));
        root.route("/locked/*").subRouter(DicomWeb.create(archive.vertx, index, blobs, store, DicomWebOptions.DEFAULT));
        http = await(archive.vertx.createHttpServer(new HttpServerOptions().setPort(0)).requestHandler(root).listen());
    }

    @AfterAll
    static void stop() throws Exception {
        await(http.close());
        await(blobs.close());
        archive.close();
    }

    private static void store(String study, String series, String sop) {
        Dataset d = Instances.instance("Doe^Jane", "P-" + study, study, "20240101", series, 1, "CT", sop, 1);
        await(blobs.put("blob/" + sop, Buffer.buffer("bytes of " + sop)));
        await(index.recordInstance(TestArchive.recordOf(d)));
    }

    private static boolean blobExists(String sop) {
        return await(blobs.exists("blob/" + sop));
    }

    private static int delete(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + http.actualPort() + path)).DELETE().build();
        return archive.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpResponse<String> get(String path) {
        return archive.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.actualPort() + path))
            .header("Accept", "application/dicom+json").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int instancesIn(String metadataPath) {
        HttpResponse<String> response = get(metadataPath);
        return response.statusCode() == 404 ? 0 : new JsonArray(response.body()).size();
    }

    @Test
    void instanceSeriesAndStudyGoWithTheirBlobs() {
        store("1.5.1", "1.5.1.1", "1.5.1.1.1");
        store("1.5.1", "1.5.1.1", "1.5.1.1.2");
        store("1.5.1", "1.5.1.2", "1.5.1.2.1");
        assertEquals(3, instancesIn("/dicom-web/studies/1.5.1/metadata"));
        assertEquals(2, instancesIn("/dicom-web/studies/1.5.1/series/1.5.1.1/metadata"));
        assertEquals(1, instancesIn("/dicom-web/studies/1.5.1/series/1.5.1.1/instances/1.5.1.1.1/metadata"));

        assertEquals(204, delete("/dicom-web/studies/1.5.1/series/1.5.1.1/instances/1.5.1.1.1"));
        assertFalse(blobExists("1.5.1.1.1"));
        assertTrue(blobExists("1.5.1.1.2"));
        assertEquals(404, get("/dicom-web/studies/1.5.1/series/1.5.1.1/instances/1.5.1.1.1/metadata").statusCode());
        assertEquals(2, instancesIn("/dicom-web/studies/1.5.1/metadata"));
        assertEquals(1, instancesIn("/dicom-web/studies/1.5.1/series/1.5.1.1/metadata"));
        assertEquals(404, delete("/dicom-web/studies/1.5.1/series/1.5.1.1/instances/1.5.1.1.1"));

        assertEquals(204, delete("/dicom-web/studies/1.5.1/series/1.5.1.2"));
        assertFalse(blobExists("1.5.1.2.1"));
        assertEquals(1, instancesIn("/dicom-web/studies/1.5.1/metadata"));

        assertEquals(204, delete("/dicom-web/studies/1.5.1"));
        assertFalse(blobExists("1.5.1.1.2"));
        assertEquals(404, get("/dicom-web/studies/1.5.1/metadata").statusCode());
        assertEquals("[]", get("/dicom-web/studies?StudyInstanceUID=1.5.1").body().replace(" ", ""));
        assertEquals(404, delete("/dicom-web/studies/1.5.1"));
    }

    @Test
    void aMissingBlobDoesNotKeepTheRows() {
        store("1.5.2", "1.5.2.1", "1.5.2.1.1");
        await(blobs.delete("blob/1.5.2.1.1"));
        assertEquals(204, delete("/dicom-web/studies/1.5.2"));
        assertEquals(404, get("/dicom-web/studies/1.5.2/metadata").statusCode());
    }

    @Test
    void unknownScopesAre404AndBadUids400() {
        assertEquals(404, delete("/dicom-web/studies/1.5.404"));
        store("1.5.3", "1.5.3.1", "1.5.3.1.1");
        assertEquals(404, delete("/dicom-web/studies/1.5.3/series/1.5.3.9"));
        assertEquals(404, delete("/dicom-web/studies/1.5.9/series/1.5.3.1"));
        assertEquals(400, delete("/dicom-web/studies/1.5.*"));
        assertEquals(1, instancesIn("/dicom-web/studies/1.5.3/metadata"));
    }

    @Test
    void turnedOffIs405AndDeletesNothing() {
        store("1.5.4", "1.5.4.1", "1.5.4.1.1");
        assertEquals(405, delete("/locked/studies/1.5.4"));
        assertEquals(1, instancesIn("/dicom-web/studies/1.5.4/metadata"));
        assertTrue(blobExists("1.5.4.1.1"));
    }
}
