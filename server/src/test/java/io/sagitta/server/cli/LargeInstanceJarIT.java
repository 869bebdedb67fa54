package io.sagitta.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
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
 * The archive with a 256 MiB heap takes in and gives back a 2 GiB instance through every door
 * that carries whole instances: STOW-RS in, WADO-RS and a single frame out; C-STORE (dcmtk's
 * storescu) in, WADO-URI out. A heap a tenth the size of the instance shows that no door holds an
 * instance whole; the pixel bytes are checked one by one, so nothing is lost or reordered on the way.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class LargeInstanceJarIT {

    // 1024 frames of 1024 x 1024 16-bit pixels: 2 GiB of Pixel Data, a length past 2^31 - 1, so
    // any length or offset kept in a signed int on the way would break. (-Dsagitta.large.frames
    // makes it smaller while working on this test.)
    private static final int SIZE = 1024;
    private static final int FRAMES = Integer.getInteger("sagitta.large.frames", 1024);
    // Two stored copies, the file storescu reads, and room to spare.
    private static final long DISK_NEEDED = 8L << 30;

    @Test
    void aTwoGibInstanceGoesInAndComesOutWithAQuarterGibHeap(@TempDir Path dataDir) throws Exception {
        assumeTrue(Files.getFileStore(dataDir).getUsableSpace() > DISK_NEEDED,
            "needs " + (DISK_NEEDED >> 30) + " GiB of free disk under " + dataDir);
        assumeTrue(ArchiveProcess.hasDcmtk(), "dcmtk's storescu is needed");
        HttpClient http = HttpClient.newHttpClient();
        try (ArchiveProcess archive = new ArchiveProcess(dataDir.resolve("archive"))) {
            String dicomWeb = archive.httpBase + "/dicom-web";

            // STOW-RS: the request body is made as it is sent, never held.
            LargeInstance stowed = new LargeInstance("2.25.81100000000000000000000000001", SIZE, SIZE, FRAMES);
            String boundary = "large-instance-boundary";
            HttpResponse<String> stow = http.send(HttpRequest.newBuilder(URI.create(dicomWeb + "/studies"))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                    java.util.Collections.enumeration(java.util.List.of(
                        ascii("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n"),
                        stowed.stream(),
                        ascii("\r\n--" + boundary + "--\r\n"))))))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stow.statusCode(), stow.body());
            assertTrue(stow.body().contains(stowed.sopInstanceUid), stow.body());

            // WADO-RS: the instance streams back; every pixel byte is what was sent.
            String instance = dicomWeb + "/studies/" + stowed.studyUid + "/series/" + stowed.seriesUid
                + "/instances/" + stowed.sopInstanceUid;
            HttpResponse<InputStream> wado = http.send(HttpRequest.newBuilder(URI.create(instance))
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*").build(),
                HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, wado.statusCode());
            try (InputStream body = wado.body()) {
                stowed.checkPixels(body);
                String trailer = new String(body.readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(trailer.startsWith("\r\n--") && trailer.strip().endsWith("--"), trailer);
            }

            // One frame near the end, cut out by offset.
            HttpResponse<byte[]> frame = http.send(HttpRequest.newBuilder(URI.create(instance + "/frames/" + FRAMES))
                .header("Accept", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*").build(),
                HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, frame.statusCode());
            byte[] expected = new byte[(int) stowed.frameLength()];
            LargeInstance.pixels(stowed.frameLength() * (FRAMES - 1), expected, expected.length);
            int start = indexOf(frame.body(), bytes("\r\n\r\n")) + 4;
            assertTrue(java.util.Arrays.equals(expected, 0, expected.length,
                frame.body(), start, start + expected.length), "the last frame's bytes");

            // C-STORE from dcmtk's storescu, read back through WADO-URI.
            LargeInstance stored = new LargeInstance("2.25.81100000000000000000000000002", SIZE, SIZE, FRAMES);
            Path file = dataDir.resolve("large.dcm");
            try (InputStream in = stored.stream(); OutputStream out = Files.newOutputStream(file)) {
                in.transferTo(out);
            }
            assertEquals(0, ArchiveProcess.run("storescu", "-aec", "SAGITTA", "127.0.0.1",
                String.valueOf(archive.dimsePort), file.toString()));
            Files.delete(file);
            HttpResponse<InputStream> wadoUri = http.send(HttpRequest.newBuilder(URI.create(archive.httpBase
                    + "/wado?requestType=WADO&studyUID=" + stored.studyUid + "&seriesUID=" + stored.seriesUid
                    + "&objectUID=" + stored.sopInstanceUid)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, wadoUri.statusCode());
            try (InputStream body = wadoUri.body()) {
                stored.checkPixels(body);
                assertEquals(-1, body.read(), "nothing after the Pixel Data");
            }

            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(archive.httpBase + "/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), "the archive is still up");
            assertEquals(143, archive.stop());
            assertTrue(archive.all.stream().noneMatch(line -> line.contains("OutOfMemoryError")), archive.all::toString);
        }
    }

    private static InputStream ascii(String s) {
        return new java.io.ByteArrayInputStream(bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
