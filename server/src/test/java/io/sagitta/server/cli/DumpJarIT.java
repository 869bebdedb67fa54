package io.sagitta.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code sagitta.jar} as a separate process, as a user would. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung process fails the test instead of the build
class DumpJarIT {

    private static final Path JAR = Path.of(System.getProperty("sagitta.jar", "target/sagitta.jar"));
    private static final Path SAMPLES = Path.of(System.getProperty("sagitta.samples", "../ops/samples"));

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sagitta.jar did not exit");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
            new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void dumpsTheSampleAsDicomJson() throws Exception {
        Result r = run("dump", SAMPLES.resolve("ct-small.dcm").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String json = r.out().replaceAll("\\s+", "");
        // Latin-1 text decoded by its Specific Character Set, PN as an object, DS as numbers.
        assertTrue(json.contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Müller^Jürgen\"}]}"), json);
        assertTrue(json.contains("\"00200032\":{\"vr\":\"DS\",\"Value\":[-125.0,-125.0,30.5]}")
            || json.contains("\"00200032\":{\"vr\":\"DS\",\"Value\":[-125,-125,30.5]}"), json);
        assertTrue(json.contains("\"00280010\":{\"vr\":\"US\",\"Value\":[16]}"), json);
        assertTrue(json.contains("\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\""), json);
        assertTrue(json.contains("\"00400260\":{\"vr\":\"SQ\",\"Value\":[{\"00080100\":{\"vr\":\"SH\",\"Value\":[\"P1-0001\"]}"),
            json);
    }

    @Test
    void refusesAFileThatIsNotDicom(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "This is a text file, not a DICOM instance. ".repeat(10));
        Result r = run("dump", text.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not DICOM"), r.err());
    }

    @Test
    void refusesATruncatedFile(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(SAMPLES.resolve("ct-small.dcm"));
        Path cut = dir.resolve("cut.dcm");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 100));
        Result r = run("dump", cut.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("truncated"), r.err());
    }

    @Test
    void reportsAMissingFileAndBadUsage() throws Exception {
        Result missing = run("dump", "/nonexistent/file.dcm");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
        assertEquals(64, run("no-such-command").exit());
        assertEquals(64, run("dump").exit());
        Result version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("sagitta "), version.out());
    }
}
