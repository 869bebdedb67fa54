package io.sagitta.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.server.Main;
import io.sagitta.server.config.SagittaConfig;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.QueryLevel;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} then {@code verify} in process, on an embedded PostgreSQL and file blobs under a
 * temporary data directory: good files in nested folders, duplicates, broken files; then blobs
 * damaged behind the archive's back.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ImportVerifyTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result run(Map<String, String> env, String command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = command.equals("import") ? new ImportCommand(o, e, env).run(args) : new VerifyCommand(o, e, env).run(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Dataset instance(int study, int series, int number) {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.77" + study + series + number);
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.66" + study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.55" + study + series);
        ds.setString(Tag.PatientName, VR.PN, "Import^Test" + study);
        ds.setString(Tag.PatientID, VR.LO, "IMP-" + study);
        ds.setString(Tag.Modality, VR.CS, "OT");
        ds.setInt(Tag.InstanceNumber, VR.IS, number);
        ds.setInt(Tag.Rows, VR.US, 64);
        ds.setInt(Tag.Columns, VR.US, 64);
        byte[] pixels = new byte[64 * 64];
        Arrays.fill(pixels, (byte) (study * 16 + series * 4 + number));
        ds.setBytes(Tag.PixelData, VR.OB, pixels);
        return ds;
    }

    /** 3 studies x 2 series x 2 instances in study/series folders, a duplicate copy, broken files; returns the folder. */
    private static Path folder(Path root) throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        for (int study = 1; study <= 3; study++) {
            for (int series = 1; series <= 2; series++) {
                Path dir = Files.createDirectories(in.resolve("study" + study).resolve("series" + series));
                for (int n = 1; n <= 2; n++) {
                    TransferSyntax syntax = n == 1 ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
                    Files.write(dir.resolve("img" + n + ".dcm"), Part10Writer.create().toBytes(instance(study, series, n), syntax));
                }
            }
        }
        Path good = in.resolve("study1/series1/img1.dcm");
        Files.copy(good, Files.createDirectories(in.resolve("copies")).resolve("img1-copy.dcm"));
        byte[] bytes = Files.readAllBytes(in.resolve("study2/series1/img1.dcm"));
        Path broken = Files.createDirectories(in.resolve("broken"));
        Files.write(broken.resolve("truncated.dcm"), Arrays.copyOf(bytes, bytes.length - 1000));
        Files.writeString(broken.resolve("notes.txt"), "not DICOM at all\n".repeat(20));
        Files.write(broken.resolve("empty.dcm"), new byte[0]);
        return in;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void importsCountsDuplicatesAndFailuresThenVerifyFindsDamage(@TempDir Path root) throws Exception {
        Path in = folder(root);
        Map<String, String> env = Map.of("SAGITTA_DATA_DIR", root.resolve("data").toString());

        // The same file named twice (in the folder and on its own) and its copy: one stored, two duplicates.
        Result imported = run(env, "import", "--no-progress", "--jobs", "3", in.toString(),
            in.resolve("study1/series1/img1.dcm").toString());
        assertEquals(Main.EXIT_SOME_FAILED, imported.exit(), imported.out() + imported.err());
        assertTrue(imported.out().contains("17 files: 12 stored, 0 replaced, 2 duplicate, 0 skipped, 3 failed"), imported.out());
        assertTrue(imported.out().contains("truncated.dcm: not valid DICOM"), imported.out());
        assertTrue(imported.out().contains("notes.txt: not a DICOM Part 10 file"), imported.out());
        assertTrue(imported.out().contains("empty.dcm: empty file"), imported.out());
        assertEquals("", imported.err());

        SagittaConfig config = SagittaConfig.load(null, env);
        List<InstanceLocation> locations;
        StorageSession session = StorageSession.create(config);
        await(session.open());
        try {
            // While the storage is open, its embedded database is in use: a second command refuses at once.
            Result refused = run(env, "verify");
            assertEquals(Main.EXIT_IN_USE, refused.exit());
            assertTrue(refused.err().contains("is in use: its embedded PostgreSQL is running"), refused.err());

            assertEquals(3L, await(session.index().query(IndexQuery.builder(QueryLevel.STUDY).build())
                .collect(Collectors.counting())));
            assertEquals(4L, await(session.index().query(IndexQuery.builder(QueryLevel.IMAGE)
                .studyInstanceUid("2.25.662").build()).collect(Collectors.counting())));
            locations = await(session.index().allLocations().collect(Collectors.toList()));
        } finally {
            session.close();
        }
        assertEquals(12, locations.size());

        Result clean = run(env, "verify", "--no-progress");
        assertEquals(Main.EXIT_OK, clean.exit(), clean.out() + clean.err());
        assertTrue(clean.out().contains("12 instances checked: 12 intact, 0 damaged, 0 unreadable"), clean.out());

        // Re-importing changes nothing: everything good is a duplicate; skipping non-DICOM leaves only the truncated file.
        Result again = run(env, "import", "--no-progress", "--skip-non-dicom", in.toString());
        assertEquals(Main.EXIT_SOME_FAILED, again.exit());
        assertTrue(again.out().contains("16 files: 0 stored, 0 replaced, 13 duplicate, 2 skipped, 1 failed"), again.out());

        Path objects = root.resolve("data/blobs/objects");
        InstanceLocation truncated = locations.get(3);
        InstanceLocation deleted = locations.get(7);
        Path truncatedFile = objects.resolve(truncated.blobKey());
        Files.write(truncatedFile, Arrays.copyOf(Files.readAllBytes(truncatedFile), 500));
        Files.delete(objects.resolve(deleted.blobKey()));
        Result damaged = run(env, "verify", "--no-progress", "--jobs", "2");
        assertEquals(Main.EXIT_SOME_FAILED, damaged.exit(), damaged.out() + damaged.err());
        assertTrue(damaged.out().contains("12 instances checked: 10 intact, 2 damaged, 0 unreadable"), damaged.out());
        assertTrue(damaged.out().contains("size mismatch: study " + truncated.studyInstanceUid() + " series "
            + truncated.seriesInstanceUid() + " instance " + truncated.sopInstanceUid() + " blob " + truncated.blobKey()),
            damaged.out());
        assertTrue(damaged.out().contains("missing: study " + deleted.studyInstanceUid() + " series "
            + deleted.seriesInstanceUid() + " instance " + deleted.sopInstanceUid() + " blob " + deleted.blobKey()
            + ": no blob under the key"), damaged.out());
    }

    @Test
    void flipsOfBytesInPlaceAreChecksumMismatches(@TempDir Path root) throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        Files.write(in.resolve("one.dcm"), Part10Writer.create().toBytes(instance(7, 1, 1), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        Map<String, String> env = Map.of("SAGITTA_DATA_DIR", root.resolve("data").toString());
        assertEquals(Main.EXIT_OK, run(env, "import", in.toString()).exit());
        List<Path> blobs;
        try (var files = Files.walk(root.resolve("data/blobs/objects"))) {
            blobs = files.filter(f -> f.toString().endsWith(".dcm")).collect(Collectors.toList());
        }
        assertEquals(1, blobs.size());
        byte[] bytes = Files.readAllBytes(blobs.get(0));
        bytes[bytes.length - 200] ^= 0x5A; // inside the pixels, before the store's trailer
        Files.write(blobs.get(0), bytes);
        Result r = run(env, "verify");
        assertEquals(Main.EXIT_SOME_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("checksum mismatch: study 2.25.667 series 2.25.5571 instance 2.25.77711"), r.out());
    }

    @Test
    void badArgumentsAndPathsAreRefusedBeforeTouchingStorage(@TempDir Path root) {
        Map<String, String> env = Map.of("SAGITTA_DATA_DIR", root.resolve("data").toString());
        assertEquals(Main.EXIT_USAGE, run(env, "import").exit());
        assertEquals(Main.EXIT_USAGE, run(env, "import", "--jobs", "0", root.toString()).exit());
        assertEquals(Main.EXIT_USAGE, run(env, "verify", "extra").exit());
        Result missing = run(env, "import", root.resolve("nope").toString());
        assertEquals(Main.EXIT_BAD_INPUT, missing.exit());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
        Result badConfig = run(Map.of("SAGITTA_DATA_DIR", root.toString(), "SAGITTA_DB_URL", "mysql://x"), "verify");
        assertEquals(Main.EXIT_CONFIG, badConfig.exit(), badConfig.err());
        assertTrue(Files.notExists(root.resolve("data")), "nothing was created");
    }
}
