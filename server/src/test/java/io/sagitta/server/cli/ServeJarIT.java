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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code java -jar sagitta.jar} as an operator would: a fresh data directory, free ports,
 * dcmtk's storescu as the modality, SIGTERM to stop, a second start that finds everything.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung process fails the test instead of the build
class ServeJarIT {

    private static final Path SAMPLES = Path.of(System.getProperty("sagitta.samples", "../ops/samples"));

    private static long blobFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("blobs/objects"))) {
            return files.filter(f -> f.toString().endsWith(".dcm")).count();
        }
    }

    @Test
    void storesOverDimseStopsOnSigtermAndFindsEverythingAfterARestart(@TempDir Path dataDir) throws Exception {
        assumeTrue(ArchiveProcess.hasDcmtk(), "dcmtk's storescu is needed");
        Path explicitBig = dataDir.resolve("big-endian.dcm");
        assertEquals(0, ArchiveProcess.run("dcmconv", "+tb", SAMPLES.resolve("ct-small.dcm").toString(), explicitBig.toString()));
        try (ArchiveProcess archive = new ArchiveProcess(dataDir)) {
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(archive.httpBase + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"UP\"}", ready.body());
            assertEquals(0, ArchiveProcess.run("echoscu", "-aec", "SAGITTA", "127.0.0.1", String.valueOf(archive.dimsePort)));
            assertEquals(0, ArchiveProcess.run("storescu", "-aec", "SAGITTA", "127.0.0.1", String.valueOf(archive.dimsePort),
                SAMPLES.resolve("ct-small.dcm").toString()));
            archive.await("calling_ae=STORESCU remote=127.0.0.1:", "instance=2.25.113059749145936325402354257176981405696 stored=stored");
            // 143 = 128 + SIGTERM: the JVM's status after a signal, once the shutdown hook has run.
            assertEquals(143, archive.stop(), "a clean stop on SIGTERM");
            archive.await("sagitta: stopped");
        }
        assertEquals(1, blobFiles(dataDir));

        try (ArchiveProcess again = new ArchiveProcess(dataDir)) {
            // The same instance, now big endian: other bytes, same SOP Instance UID -> replaced.
            assertEquals(0, ArchiveProcess.run("storescu", "-aec", "SAGITTA", "-xb", "127.0.0.1", String.valueOf(again.dimsePort),
                explicitBig.toString()));
            again.await("calling_ae=STORESCU remote=127.0.0.1:", "instance=2.25.113059749145936325402354257176981405696 stored=replaced");
            assertEquals(0, ArchiveProcess.run("storescu", "-aec", "SAGITTA", "-xb", "127.0.0.1", String.valueOf(again.dimsePort),
                explicitBig.toString()));
            again.await("calling_ae=STORESCU remote=127.0.0.1:", "instance=2.25.113059749145936325402354257176981405696 stored=duplicate");
            // C-FIND finds the study stored before the restart, with its Latin-1 name decoded.
            Path responses = Files.createDirectories(dataDir.resolve("find"));
            assertEquals(0, ArchiveProcess.run("findscu", "-aec", "SAGITTA", "-S", "-X", "-od", responses.toString(),
                "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=M*", "-k", "StudyInstanceUID",
                "-k", "NumberOfStudyRelatedInstances", "127.0.0.1", String.valueOf(again.dimsePort)));
            List<Path> found;
            try (Stream<Path> files = Files.list(responses)) {
                found = files.toList();
            }
            assertEquals(1, found.size(), "one matching study");
            // Read with dcmdump: the jar's own classes are not on this test's class path after shading.
            Process dump = new ProcessBuilder("dcmdump", found.get(0).toString()).redirectErrorStream(true).start();
            String match = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(dump.waitFor(60, TimeUnit.SECONDS));
            assertTrue(match.contains("[2.25.200000000000000000000000000000000001]"), match);
            assertTrue(match.matches("(?s).*\\(0020,1208\\) IS \\[1\\].*"), match);
            // QIDO-RS sees the same study.
            HttpResponse<String> qido = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(again.httpBase + "/dicom-web/studies?PatientName=m*")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, qido.statusCode());
            assertTrue(qido.body().contains("2.25.200000000000000000000000000000000001"), qido.body());
            assertTrue(qido.body().contains("Müller^Jürgen"), qido.body());
            // WADO-URI returns the stored file: the big endian bytes that replaced the first ones.
            HttpResponse<byte[]> wado = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                again.httpBase + "/wado?requestType=WADO&studyUID=2.25.200000000000000000000000000000000001"
                    + "&seriesUID=2.25.200000000000000000000000000000000002"
                    + "&objectUID=2.25.113059749145936325402354257176981405696")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, wado.statusCode());
            byte[] sent = Files.readAllBytes(explicitBig);
            byte[] got = wado.body();
            int dataset = sent.length - 1000; // compare the tail: the dataset bytes, kept as received
            assertTrue(java.util.Arrays.equals(sent, dataset, sent.length, got, got.length - 1000, got.length),
                "the archive returns the bytes it received");
            // WADO-RS over plain HTTP/1.1: the instance goes out as a file region (sendfile, on the jar's epoll
            // transport), between the part head and the closing delimiter, its bytes those of WADO-URI.
            HttpResponse<byte[]> wadoRs = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(again.httpBase + "/dicom-web/studies/2.25.200000000000000000000000000000000001"
                    + "/series/2.25.200000000000000000000000000000000002/instances/2.25.113059749145936325402354257176981405696"))
                    .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*").build(),
                HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, wadoRs.statusCode());
            String multipart = new String(wadoRs.body(), StandardCharsets.ISO_8859_1);
            String boundaryOfRs = wadoRs.headers().firstValue("Content-Type").orElseThrow().replaceAll(".*boundary=", "");
            int start = multipart.indexOf("\r\n\r\n") + 4;
            int end = multipart.lastIndexOf("\r\n--" + boundaryOfRs + "--");
            assertTrue(start > 4 && end > start, multipart.substring(0, Math.min(200, multipart.length())));
            assertTrue(java.util.Arrays.equals(got, 0, got.length, wadoRs.body(), start, end),
                "WADO-RS sends the same stored bytes as WADO-URI");
            // STOW-RS stores a second instance of the study; QIDO-RS then counts two instances.
            byte[] second = secondInstance(explicitBig);
            String boundary = "sagitta-boundary-7";
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(second);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpResponse<String> stow = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(again.httpBase + "/dicom-web/studies"))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stow.statusCode(), stow.body());
            assertTrue(stow.body().contains("2.25.113059749145936325402354257176981405697"), stow.body());
            HttpResponse<String> count = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(again.httpBase
                    + "/dicom-web/studies?StudyInstanceUID=2.25.200000000000000000000000000000000001")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertTrue(count.body().replace(" ", "").contains("\"00201208\":{\"vr\":\"IS\",\"Value\":[2]}"), count.body());
            // A wrong called AE title is refused; the archive stays up.
            assertTrue(ArchiveProcess.run("echoscu", "-aec", "NOT_SAGITTA", "127.0.0.1", String.valueOf(again.dimsePort)) != 0);
            assertEquals(0, ArchiveProcess.run("echoscu", "-aec", "SAGITTA", "127.0.0.1", String.valueOf(again.dimsePort)));
            assertEquals(143, again.stop());
            again.await("sagitta: stopped");
        }
        assertEquals(2, blobFiles(dataDir), "one blob per instance: the replaced and the duplicate blobs are gone");
    }

    /** The sample with another SOP Instance UID (same length, so no lengths change): made with dcmodify. */
    private static byte[] secondInstance(Path sample) throws IOException, InterruptedException {
        Path copy = sample.resolveSibling("second.dcm");
        Files.copy(sample, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // dcmodify updates (0002,0003) in the File Meta Information to match.
        assertEquals(0, ArchiveProcess.run("dcmodify", "-nb", "-m", "(0008,0018)=2.25.113059749145936325402354257176981405697",
            copy.toString()));
        return Files.readAllBytes(copy);
    }

    @Test
    void badConfigurationStopsStartUpWithOneLineNamingTheKey(@TempDir Path dataDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", ArchiveProcess.JAR.toString());
        pb.environment().put("SAGITTA_DATA_DIR", dataDir.toString());
        pb.environment().put("SAGITTA_DICOM_PORT", "70000");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(78, p.exitValue());
        assertEquals("", out);
        assertEquals("sagitta: bad configuration: dicom.port (SAGITTA_DICOM_PORT) = '70000': must be between 0 and 65535",
            err.strip());
    }
}
