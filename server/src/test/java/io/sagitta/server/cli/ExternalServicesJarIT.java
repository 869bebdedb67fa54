package io.sagitta.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar against an external PostgreSQL (by {@code SAGITTA_DB_URL}) and S3 (S3Proxy), both
 * started by {@code ops/dev-stack.sh} as an operator would: store over DIMSE and STOW-RS, query,
 * retrieve, stop on SIGTERM, then start again on an empty data directory and find everything,
 * since nothing of it was kept locally.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ExternalServicesJarIT {

    private static final Path OPS = Path.of(System.getProperty("sagitta.samples", "../ops/samples")).getParent();
    private static final String STUDY = "2.25.200000000000000000000000000000000001";
    private static final String SERIES = "2.25.200000000000000000000000000000000002";
    private static final String FIRST = "2.25.113059749145936325402354257176981405696";
    private static final String SECOND = "2.25.113059749145936325402354257176981405697";

    @Test
    void storesQueriesAndRetrievesWithAnExternalDatabaseAndS3(@TempDir Path dir) throws Exception {
        assumeTrue(ArchiveProcess.hasDcmtk(), "dcmtk's storescu and dcmodify are needed");
        Path stack = dir.resolve("stack");
        assertEquals(0, ArchiveProcess.run("bash", OPS.resolve("dev-stack.sh").toString(), "start", stack.toString()),
            "ops/dev-stack.sh start");
        try {
            Map<String, String> env = environment(stack.resolve("env.sh"));
            Path sample = OPS.resolve("samples/ct-small.dcm");
            Path second = copyWithInstanceUid(sample, dir.resolve("second.dcm"), SECOND);
            Path firstDataDir = dir.resolve("node-1");
            try (ArchiveProcess archive = new ArchiveProcess(firstDataDir, env)) {
                assertTrue(archive.await("index").contains("127.0.0.1:" + port(env.get("SAGITTA_DB_URL"))),
                    "the summary names the external database: " + archive.all);
                assertTrue(archive.await("blobs").contains("S3"), archive.all::toString);
                assertEquals(0, ArchiveProcess.run("storescu", "-aec", "SAGITTA", "127.0.0.1",
                    String.valueOf(archive.dimsePort), sample.toString()));
                assertEquals(200, stow(archive.httpBase, Files.readAllBytes(second)).statusCode());
                assertEquals(2, countInstances(archive.httpBase));
                assertTrue(archive.stop() == 143, "a clean stop on SIGTERM");
                archive.await("sagitta: stopped");
            }
            assertEquals(0, blobFiles(firstDataDir), "no blob is kept locally");
            assertEquals(2, blobFiles(stack.resolve("s3")), "both instances are objects in S3");

            try (ArchiveProcess again = new ArchiveProcess(dir.resolve("node-2"), env)) {
                assertEquals(2, countInstances(again.httpBase), "a second node on an empty data dir finds both");
                HttpResponse<byte[]> wado = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        again.httpBase + "/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES
                            + "&objectUID=" + SECOND)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, wado.statusCode());
                byte[] sent = Files.readAllBytes(second);
                byte[] got = wado.body();
                // The dataset is kept as received; the File Meta Information is the archive's own.
                assertTrue(java.util.Arrays.equals(sent, sent.length - 1000, sent.length, got, got.length - 1000, got.length));
                assertEquals(143, again.stop());
            }
        } finally {
            ArchiveProcess.run("bash", OPS.resolve("dev-stack.sh").toString(), "stop", stack.toString());
        }
    }

    /** The {@code export K=V} lines that dev-stack.sh writes. */
    private static Map<String, String> environment(Path envFile) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            if (line.startsWith("export ")) {
                int eq = line.indexOf('=');
                env.put(line.substring("export ".length(), eq), line.substring(eq + 1));
            }
        }
        assertTrue(env.containsKey("SAGITTA_DB_URL") && env.containsKey("SAGITTA_S3_BUCKET"), env::toString);
        return env;
    }

    private static String port(String r2dbcUrl) {
        return URI.create(r2dbcUrl.substring("r2dbc:".length())).getPort() + "";
    }

    private static Path copyWithInstanceUid(Path sample, Path copy, String uid) throws Exception {
        Files.copy(sample, copy, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, ArchiveProcess.run("dcmodify", "-nb", "-m", "(0008,0018)=" + uid, copy.toString()));
        return copy;
    }

    private static HttpResponse<String> stow(String httpBase, byte[] instance) throws Exception {
        String boundary = "external-services-boundary";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(instance);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(httpBase + "/dicom-web/studies"))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static int countInstances(String httpBase) throws Exception {
        HttpResponse<String> qido = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            httpBase + "/dicom-web/studies/" + STUDY + "/instances")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, qido.statusCode(), qido.body());
        int count = 0;
        for (String uid : new String[] {FIRST, SECOND}) {
            if (qido.body().contains(uid)) {
                count++;
            }
        }
        return count;
    }

    private static long blobFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".dcm")).count();
        }
    }
}
