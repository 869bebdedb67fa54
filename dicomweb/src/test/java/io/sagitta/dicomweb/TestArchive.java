package io.sagitta.dicomweb;

import io.r2dbc.spi.Connection;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.UID;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.db.EmbeddedDatabase;
import io.sagitta.storage.db.EmbeddedDatabaseOptions;
import io.sagitta.dicomweb.wado.WadoUri;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.blob.FileBlobStore;
import io.sagitta.storage.blob.FileBlobStoreOptions;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.StoredBlob;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A running archive for the DICOMweb tests: a real PostgreSQL (embedded binaries), the index on a
 * fresh schema, and a real HTTP server on port 0 with compression on, serving the routes under
 * one or more mount points with their own options. Requests go through the JDK's HTTP client.
 * Test threads wait; event loops never do.
 */
public final class TestArchive implements AutoCloseable {

    public final Vertx vertx;
    public final Path dataDirectory;
    public final EmbeddedDatabase server;
    public final Database database;
    public final InstanceIndex index;
    public final HttpServer http;
    /** The blob store behind WADO-RS retrieval and WADO-URI; null unless asked for. */
    public final FileBlobStore blobs;
    public final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    /** Mount points ("/dicom-web") with their options. */
    public TestArchive(Map<String, DicomWebOptions> mounts) throws IOException {
        this(mounts, false);
    }

    /**
     * Mount points with their options; with {@code retrieve}, a file blob store under the data
     * directory backs instance retrieval and WADO-URI is mounted at {@code /wado}.
     */
    public TestArchive(Map<String, DicomWebOptions> mounts, boolean retrieve) throws IOException {
        this(mounts, retrieve, UnaryOperator.identity());
    }

    /** As above, the routes reading blobs through {@code served} (a wrapper of {@link #blobs} that watches them). */
    public TestArchive(Map<String, DicomWebOptions> mounts, boolean retrieve, UnaryOperator<BlobStore> served)
        throws IOException {
        vertx = Vertx.vertx();
        dataDirectory = Files.createTempDirectory("sagitta-dicomweb-test");
        // fsync off: these tests check behaviour, not crash durability.
        server = EmbeddedDatabase.create(vertx, EmbeddedDatabaseOptions.of(dataDirectory)
            .withServerConfig("fsync", "off").withServerConfig("synchronous_commit", "off")
            .withServerConfig("full_page_writes", "off"));
        await(server.start());
        DatabaseOptions options = server.connectionOptions(DatabaseOptions.builder()
            .poolInitialSize(1).poolMaxSize(8)
            .acquireTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(2))
            .statementTimeout(Duration.ofSeconds(20)).build());
        Database admin = Database.create(vertx, options.toBuilder().poolInitialSize(0).poolMaxSize(1).build());
        await(Future.fromCompletionStage(Mono.usingWhen(admin.connections().create(),
            c -> Flux.from(c.createStatement("CREATE SCHEMA IF NOT EXISTS dicomweb").execute()).flatMap(r -> r.getRowsUpdated()).then(),
            Connection::close).toFuture()));
        await(admin.close());
        database = Database.create(vertx, options.toBuilder().schema("dicomweb").build());
        index = await(InstanceIndex.create(vertx, database));
        blobs = retrieve ? await(FileBlobStore.create(vertx, new FileBlobStoreOptions().setRoot(dataDirectory.resolve("blobs"))))
            : null;
        Router root = Router.router(vertx);
        for (Map.Entry<String, DicomWebOptions> mount : mounts.entrySet()) {
            root.route(mount.getKey() + "/*").subRouter(retrieve ? DicomWeb.create(vertx, index, served.apply(blobs), mount.getValue())
                : DicomWeb.create(vertx, index, mount.getValue()));
        }
        if (retrieve) {
            root.route("/wado/*").subRouter(WadoUri.create(vertx, index, served.apply(blobs)));
        }
        http = await(vertx.createHttpServer(new HttpServerOptions().setPort(0).setCompressionSupported(true))
            .requestHandler(root).listen());
    }

    public static Map<String, DicomWebOptions> mounts(Object... pathsAndOptions) {
        Map<String, DicomWebOptions> out = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndOptions.length; i += 2) {
            out.put((String) pathsAndOptions[i], (DicomWebOptions) pathsAndOptions[i + 1]);
        }
        return out;
    }

    public int port() {
        return http.actualPort();
    }

    public void record(Dataset dataset) {
        await(index.recordInstance(recordOf(dataset)));
    }

    /** Records many instances, a few at a time. */
    public void recordAll(List<Dataset> datasets) {
        List<Future<?>> inFlight = new ArrayList<>();
        for (Dataset d : datasets) {
            inFlight.add(index.recordInstance(recordOf(d)));
            if (inFlight.size() == 6) {
                await(Future.all(inFlight));
                inFlight.clear();
            }
        }
        await(Future.all(inFlight));
    }

    public static InstanceRecord recordOf(Dataset d) {
        String sop = d.getString(io.sagitta.core.data.Tag.SOPInstanceUID);
        return InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob("blob/" + sop, 1000, "sha256:" + sop));
    }

    public HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + pathAndQuery))
            .timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new RuntimeException(e.getCause());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            await(http.close());
            if (blobs != null) {
                await(blobs.close());
            }
            try {
                await(database.close());
            } catch (RuntimeException ignored) {
                // a pool to a stopped server may not close cleanly; the server goes next anyway
            }
            await(server.stop());
            await(vertx.close());
        } finally {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
