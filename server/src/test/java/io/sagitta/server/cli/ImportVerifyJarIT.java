package io.sagitta.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code verify} as an operator runs them: the packaged jar as a process on a
 * fresh data directory, files made with dcmtk from the checked-in sample, then {@code serve} on
 * the same directory finding what was imported, and refusing a second command meanwhile.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung process fails the test instead of the build
class ImportVerifyJarIT {

    private static final Path JAR = Path.of(System.getProperty("sagitta.jar", "target/sagitta.jar"));
    private static final Path SAMPLES = Path.of(System.getProperty("sagitta.samples", "../ops/samples"));
    private static final Pattern HTTP = Pattern.compile("HTTP +(http://[^/\\s]+)/dicom-web");

    private record Result(int exit, String out, String err) {
    }

    private static List<String> java(Path dataDir, String... args) {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private static Result sagitta(Path dataDir, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(java(dataDir, args));
        pb.environment().put("SAGITTA_DATA_DIR", dataDir.toString());
        pb.redirectError(dataDir.resolveSibling("stderr.txt").toFile());
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "sagitta.jar did not exit");
        return new Result(process.exitValue(), out, Files.readString(dataDir.resolveSibling("stderr.txt")));
    }

    private static void tool(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + output);
    }

    private static boolean hasDcmtk() {
        try {
            return new ProcessBuilder("dcmodify", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The sample as another instance of another study and series (same UID lengths: no lengths change). */
    private static void variant(Path target, int study, int instance) throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        Files.copy(SAMPLES.resolve("ct-small.dcm"), target);
        tool("dcmodify", "-nb",
            "-m", "(0020,000d)=2.25.20000000000000000000000000000000000" + study,
            "-m", "(0020,000e)=2.25.20000000000000000000000000000000010" + study,
            "-m", "(0008,0018)=2.25.11305974914593632540235425717698140" + study + instance,
            target.toString());
    }

    @Test
    void importsAFolderVerifiesItAndServeFindsTheImportedStudies(@TempDir Path root) throws Exception {
        assumeTrue(hasDcmtk(), "dcmtk's dcmodify is needed");
        Path in = root.resolve("in");
        for (int study = 1; study <= 2; study++) {
            for (int instance = 1; instance <= 2; instance++) {
                variant(in.resolve("patient/study" + study + "/img" + instance + ".dcm"), study, instance);
            }
        }
        Files.createDirectories(in.resolve("dup"));
        Files.copy(in.resolve("patient/study1/img1.dcm"), in.resolve("dup/img1-again.dcm"));
        byte[] good = Files.readAllBytes(in.resolve("patient/study2/img2.dcm"));
        Files.createDirectories(in.resolve("junk"));
        Files.write(in.resolve("junk/cut.dcm"), Arrays.copyOf(good, good.length / 2));
        Files.writeString(in.resolve("junk/readme.txt"), "exported by a PACS\n");
        Files.write(in.resolve("junk/zero.dcm"), new byte[0]);
        Path data = root.resolve("data");

        Result imported = sagitta(data, "import", "--progress", in.toString());
        assertEquals(1, imported.exit(), imported.out() + imported.err());
        assertTrue(imported.out().contains("8 files: 4 stored, 0 replaced, 1 duplicate, 0 skipped, 3 failed"), imported.out());
        assertTrue(imported.out().contains("cut.dcm: not valid DICOM: truncated"), imported.out());
        assertTrue(imported.out().contains("readme.txt: not a DICOM Part 10 file"), imported.out());
        assertTrue(imported.out().contains("zero.dcm: empty file"), imported.out());
        assertTrue(imported.err().contains("8/8 files"), "a progress bar when asked for: " + imported.err());

        Result verified = sagitta(data, "verify");
        assertEquals(0, verified.exit(), verified.out() + verified.err());
        assertTrue(verified.out().contains("4 instances checked: 4 intact, 0 damaged, 0 unreadable"), verified.out());

        ProcessBuilder pb = new ProcessBuilder(java(data)).redirectErrorStream(true);
        pb.environment().put("SAGITTA_DATA_DIR", data.toString());
        pb.environment().put("SAGITTA_DICOM_PORT", "0");
        pb.environment().put("SAGITTA_HTTP_PORT", "0");
        Process serve = pb.start();
        try {
            String base = awaitHttp(serve);
            HttpResponse<String> qido = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                base + "/dicom-web/studies?PatientName=m*&includefield=NumberOfStudyRelatedInstances")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, qido.statusCode());
            assertTrue(qido.body().contains("2.25.200000000000000000000000000000000001"), qido.body());
            assertTrue(qido.body().contains("2.25.200000000000000000000000000000000002"), qido.body());

            Result refused = sagitta(data, "import", in.resolve("patient").toString());
            assertEquals(75, refused.exit(), refused.out() + refused.err());
            assertTrue(refused.err().strip().startsWith("sagitta import: the archive in "), refused.err());
            assertTrue(refused.err().contains("is in use: its embedded PostgreSQL is running"), refused.err());
            assertEquals(1, refused.err().strip().lines().count(), "one line: " + refused.err());
        } finally {
            serve.toHandle().destroy();
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
        }

        List<Path> blobs;
        try (Stream<Path> files = Files.walk(data.resolve("blobs/objects"))) {
            blobs = files.filter(f -> f.toString().endsWith(".dcm")).sorted().collect(Collectors.toList());
        }
        assertEquals(4, blobs.size(), "one blob per instance: the duplicate's was removed");
        Files.write(blobs.get(0), Arrays.copyOf(Files.readAllBytes(blobs.get(0)), 300));
        Files.delete(blobs.get(1));
        Result damaged = sagitta(data, "verify");
        assertEquals(1, damaged.exit(), damaged.out() + damaged.err());
        assertTrue(damaged.out().contains("4 instances checked: 2 intact, 2 damaged, 0 unreadable"), damaged.out());
        String truncatedKey = data.resolve("blobs/objects").relativize(blobs.get(0)).toString();
        String deletedKey = data.resolve("blobs/objects").relativize(blobs.get(1)).toString();
        assertTrue(damaged.out().matches("(?s).*size mismatch: study 2\\.25\\.\\d+ series 2\\.25\\.\\d+ instance 2\\.25\\.\\d+ blob "
            + Pattern.quote(truncatedKey) + ": .*"), damaged.out());
        assertTrue(damaged.out().contains(" blob " + deletedKey + ": no blob under the key"), damaged.out());
        assertTrue(damaged.out().contains("missing: study "), damaged.out());
    }

    private static String awaitHttp(Process serve) throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = lines.poll(120, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("serve printed no HTTP address; so far: " + seen);
            }
            seen.add(line);
            Matcher m = HTTP.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
    }
}
