package io.sagitta.dicomweb.wado;

import static io.sagitta.dicomweb.Instances.instance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.StoredInstances;
import io.sagitta.dicomweb.TestArchive;
import io.sagitta.storage.store.InstanceStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Encapsulated frames whose fragments are not one per frame and come without a Basic Offset Table:
 * told apart by the codestreams' start markers or by an Extended Offset Table, or refused (501)
 * when neither settles it. One instance is made by dcmtk's {@code dcmcjpeg} with small fragments
 * and an empty offset table, as some modalities send them.
 */
class EncapsulatedFramesTest {

    private static final String ROOT = "1.2.826.0.1.3680043.10.543.400.";
    static final String STUDY = ROOT + "1";
    static final String SERIES = STUDY + ".1";
    static final String SCAN_JPEG = SERIES + ".1"; // 2 frames in 3 fragments, the second a continuation
    static final String SCAN_J2K = SERIES + ".2";  // 2 frames in 4 fragments, JPEG 2000
    static final String EXTENDED = SERIES + ".3";  // 2 frames in 3 fragments, all starting SOI, Extended Offset Table
    static final String RLE = SERIES + ".4";       // 2 frames in 3 fragments: no markers to go by
    static final String DCMTK = SERIES + ".5";     // 3 frames by dcmcjpeg, 1 KB fragments, no offset table
    static final int DCMTK_SIZE = 64;

    static TestArchive archive;
    static InstanceStore store;
    static boolean dcmtkStored;
    /** The mean grey level of each frame as dcmtk decodes the file it made. */
    static final double[] referenceMeans = new double[3];
    /** dcmcjpeg shifts the values to start at 0 and says so in Rescale Intercept, which rendering applies. */
    static double rescaleIntercept;

    @BeforeAll
    static void seed() throws Exception {
        archive = new TestArchive(TestArchive.mounts("/dicom-web", DicomWebOptions.DEFAULT), true);
        store = InstanceStore.create(archive.blobs, archive.index);
        StoredInstances.store(store, base(SCAN_JPEG, 1), UID.JPEGBaseline8Bit,
            StoredInstances.encapsulated(new int[0], fragment(0xFFD8, 1, 300), fragment(0x1234, 2, 200), fragment(0xFFD8, 3, 100)));
        StoredInstances.store(store, base(SCAN_J2K, 2), UID.JPEG2000Lossless,
            StoredInstances.encapsulated(new int[0], fragment(0xFF4F, 1, 100), fragment(0x0001, 2, 100), fragment(0xFF90, 3, 100),
                fragment(0xFF4F, 4, 50)));
        Dataset extended = base(EXTENDED, 3);
        // Offsets from the first fragment's item tag: frame 2 starts at the third fragment.
        extended.setBytes(Tag.ExtendedOffsetTable, VR.OV, longs(0, 8 + 300 + 8 + 200));
        extended.setBytes(Tag.ExtendedOffsetTableLengths, VR.OV, longs(500, 100));
        StoredInstances.store(store, extended, UID.JPEGBaseline8Bit,
            StoredInstances.encapsulated(new int[0], fragment(0xFFD8, 1, 300), fragment(0xFFD8, 2, 200), fragment(0xFFD8, 3, 100)));
        StoredInstances.store(store, base(RLE, 4), UID.RLELossless,
            StoredInstances.encapsulated(new int[0], fragment(0x0100, 1, 100), fragment(0x0100, 2, 100), fragment(0x0100, 3, 100)));
        dcmtkStored = storeDcmtkInstance();
    }

    @AfterAll
    static void close() throws IOException {
        if (archive != null) {
            archive.close();
        }
    }

    private static Dataset base(String sop, int number) {
        Dataset d = instance("Frag^Fay", "F1", STUDY, "20240303", SERIES, 1, "CT", sop, number);
        d.remove(Tag.PixelData);
        d.setString(Tag.NumberOfFrames, VR.IS, "2");
        d.setInt(Tag.BitsAllocated, VR.US, 8);
        d.setInt(Tag.BitsStored, VR.US, 8);
        d.setInt(Tag.HighBit, VR.US, 7);
        return d;
    }

    /** {@code length} bytes: the two given first, then {@code fill}. */
    private static byte[] fragment(int head, int fill, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        b[0] = (byte) (head >> 8);
        b[1] = (byte) head;
        return b;
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static List<Multipart.Part> frames(String sop, String list) {
        HttpResponse<byte[]> r = archive.getBytes("/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances/" + sop
            + "/frames/" + list, "Accept", "multipart/related; type=application/octet-stream; transfer-syntax=*");
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return Multipart.parse(r.headers().firstValue("Content-Type").orElseThrow(), r.body());
    }

    @Test
    void jpegStartMarkersGroupFragmentsIntoFrames() {
        List<Multipart.Part> parts = frames(SCAN_JPEG, "2,1");
        assertArrayEquals(fragment(0xFFD8, 3, 100), parts.get(0).body());
        assertArrayEquals(concat(fragment(0xFFD8, 1, 300), fragment(0x1234, 2, 200)), parts.get(1).body());
    }

    @Test
    void jpeg2000StartMarkersGroupFragmentsIntoFrames() {
        List<Multipart.Part> parts = frames(SCAN_J2K, "1,2");
        assertArrayEquals(concat(fragment(0xFF4F, 1, 100), fragment(0x0001, 2, 100), fragment(0xFF90, 3, 100)),
            parts.get(0).body());
        assertArrayEquals(fragment(0xFF4F, 4, 50), parts.get(1).body());
    }

    @Test
    void extendedOffsetTableDecidesWhereMarkersCannot() {
        List<Multipart.Part> parts = frames(EXTENDED, "1,2");
        assertArrayEquals(concat(fragment(0xFFD8, 1, 300), fragment(0xFFD8, 2, 200)), parts.get(0).body());
        assertArrayEquals(fragment(0xFFD8, 3, 100), parts.get(1).body());
    }

    @Test
    void withoutMarkersOrTablesItIs501WithTheReason() {
        HttpResponse<byte[]> r = archive.getBytes("/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances/" + RLE
            + "/frames/1");
        assertEquals(501, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("frame boundaries unknown"));
    }

    /** Three 64 x 64 frames of noise around 40, 120 and 200, made baseline JPEG by dcmcjpeg; false without dcmtk. */
    private static boolean storeDcmtkInstance() throws Exception {
        Path dir = Files.createTempDirectory("sagitta-dcmcjpeg");
        try {
            Dataset d = instance("Frag^Fay", "F1", STUDY, "20240303", SERIES, 1, "CT", DCMTK, 5);
            d.setInt(Tag.Rows, VR.US, DCMTK_SIZE);
            d.setInt(Tag.Columns, VR.US, DCMTK_SIZE);
            d.setInt(Tag.BitsAllocated, VR.US, 8);
            d.setInt(Tag.BitsStored, VR.US, 8);
            d.setInt(Tag.HighBit, VR.US, 7);
            d.setString(Tag.NumberOfFrames, VR.IS, "3");
            d.setString(Tag.WindowCenter, VR.DS, "128");
            d.setString(Tag.WindowWidth, VR.DS, "256");
            d.setString(Tag.VOILUTFunction, VR.CS, "LINEAR_EXACT");
            byte[] pixels = new byte[3 * DCMTK_SIZE * DCMTK_SIZE];
            Random random = new Random(5);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (40 + 80 * (i / (DCMTK_SIZE * DCMTK_SIZE)) + random.nextInt(41) - 20);
            }
            d.setBytes(Tag.PixelData, VR.OB, pixels);
            Path in = dir.resolve("in.dcm");
            Path out = dir.resolve("out.dcm");
            Files.write(in, Part10Writer.create().toBytes(Part10Writer.fileMetaInformation(d, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), d));
            Process p;
            try {
                p = new ProcessBuilder("dcmcjpeg", "+eb", "+un", "+fs", "1", "-ot", in.toString(), out.toString())
                    .redirectErrorStream(true).start();
            } catch (IOException e) {
                return false; // dcmtk not installed
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), output);
            // dcmtk's own decoding of what it encoded is the reference for the frames' content.
            Path decoded = dir.resolve("decoded.dcm");
            Process d2 = new ProcessBuilder("dcmdjpeg", out.toString(), decoded.toString()).redirectErrorStream(true).start();
            String output2 = new String(d2.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(d2.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, d2.exitValue(), output2);
            byte[] reference = DicomFiles.parse(Files.readAllBytes(decoded), DicomParserOptions.create()
                .input(DicomParserOptions.Input.PART10), DatasetCollector.BulkValues.KEEP).dataset().getBytes(Tag.PixelData);
            int frameSize = DCMTK_SIZE * DCMTK_SIZE;
            for (int n = 0; n < 3; n++) {
                double sum = 0;
                for (int i = n * frameSize; i < (n + 1) * frameSize; i++) {
                    sum += reference[i] & 0xFF;
                }
                referenceMeans[n] = sum / frameSize;
            }
            byte[] file = Files.readAllBytes(out);
            DicomFiles.Parsed parsed = DicomFiles.parse(file, DicomParserOptions.create().input(DicomParserOptions.Input.PART10),
                DatasetCollector.BulkValues.KEEP);
            assertEquals(UID.JPEGBaseline8Bit, parsed.transferSyntax().uid());
            assertTrue(parsed.dataset().getFragments(Tag.PixelData).size() > 4, "more fragments than frames, plus the table");
            rescaleIntercept = parsed.dataset().getDouble(Tag.RescaleIntercept, 0);
            // The store path takes the dataset; it writes its own File Meta Information.
            int metaEnd = 132 + 12 + (int) ByteBuffer.wrap(file, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            StoredInstances.storeDataset(store, DCMTK, parsed.dataset().getString(Tag.SOPClassUID), UID.JPEGBaseline8Bit,
                Arrays.copyOfRange(file, metaEnd, file.length));
            return true;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void dcmcjpegFramesWithoutOffsetTableAreWholeJpegs() throws IOException {
        assumeTrue(dcmtkStored, "dcmtk (dcmcjpeg) is not installed");
        assertTrue(referenceMeans[0] + 50 < referenceMeans[1] && referenceMeans[1] + 50 < referenceMeans[2], "distinct frames");
        List<Multipart.Part> parts = frames(DCMTK, "1,2,3");
        for (int n = 1; n <= 3; n++) {
            byte[] jpeg = parts.get(n - 1).body();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertEquals(DCMTK_SIZE, image.getWidth(), "frame " + n);
            assertEquals(referenceMeans[n - 1], mean(image), 1.0, "frame " + n);
        }
        // The renderer finds the same frames.
        HttpResponse<byte[]> r = archive.getBytes("/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances/" + DCMTK
            + "/frames/2/rendered", "Accept", "image/png");
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertEquals((referenceMeans[1] + rescaleIntercept) * 255 / 256, mean(ImageIO.read(new ByteArrayInputStream(r.body()))), 1.0);
    }

    private static double mean(BufferedImage image) {
        long sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                sum += image.getRaster().getSample(x, y, 0);
            }
        }
        return (double) sum / (image.getWidth() * image.getHeight());
    }
}
