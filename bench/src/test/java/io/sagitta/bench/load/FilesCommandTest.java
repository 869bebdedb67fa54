package io.sagitta.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.io.DicomFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int files(String... args) {
        return FilesCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void writesEachStudyAsValidPart10FilesWithTheirOwnUids() throws Exception {
        assertEquals(LoadCommand.OK, files(dir.toString(), "--modality", "small", "--studies", "2",
            "--instances-per-study", "3", "--seed", "7"), err.toString());

        Set<String> sopInstances = new HashSet<>();
        Set<String> studies = new HashSet<>();
        byte[] firstPixels = null;
        for (int s = 0; s < 2; s++) {
            Set<String> studyUids = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                DicomFiles.Parsed parsed = DicomFiles.read(dir.resolve(s + "/" + i + ".dcm"));
                Dataset d = parsed.dataset();
                assertEquals(d.getString(Tag.SOPInstanceUID), parsed.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
                assertEquals(64, d.getInt(Tag.Rows, -1));
                byte[] pixels = d.getBytes(Tag.PixelData);
                assertEquals(64 * 64 * 2, pixels.length);
                if (firstPixels == null) {
                    firstPixels = pixels;
                }
                assertArrayEquals(firstPixels, pixels, "one pixel array per run, as load sends it");
                assertTrue(d.getString(Tag.PatientName).startsWith("BENCH"), d.getString(Tag.PatientName));
                sopInstances.add(d.getString(Tag.SOPInstanceUID));
                studyUids.add(d.getString(Tag.StudyInstanceUID));
            }
            assertEquals(1, studyUids.size(), "one study per directory");
            studies.addAll(studyUids);
        }
        assertEquals(6, sopInstances.size());
        assertEquals(2, studies.size());
        try (var listed = Files.list(dir)) {
            assertEquals(2, listed.count(), "nothing but the study directories");
        }
        assertTrue(out.toString().startsWith("6 files"), out.toString());
    }

    @Test
    void badOptionsAreUsageErrorsAndWriteNothing() throws Exception {
        assertEquals(LoadCommand.USAGE, files(dir.resolve("x").toString(), "--studies", "0"));
        assertTrue(err.toString().contains("--studies"), err.toString());
        assertEquals(LoadCommand.USAGE, files(dir.resolve("x").toString(), "--workload", "store"));
        assertEquals(LoadCommand.USAGE, files("--studies", "2"));
        assertTrue(Files.notExists(dir.resolve("x")));
    }

    @Test
    void anUnwritableDirectoryIsReported() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a directory");
        assertEquals(LoadCommand.CANNOT_RUN, files(file.toString(), "--studies", "1", "--instances-per-study", "1"));
        assertTrue(err.toString().startsWith("cannot write into"), err.toString());
    }
}
