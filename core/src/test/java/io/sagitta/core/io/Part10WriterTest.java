package io.sagitta.core.io;

import static io.sagitta.core.io.DatasetWriterTest.assertBytes;
import static io.sagitta.core.io.DatasetWriterTest.b;
import static io.sagitta.core.io.DatasetWriterTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Part10WriterTest {

    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

    private static Dataset small() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOPClassUID, VR.UI, SECONDARY_CAPTURE);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4");
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        return ds;
    }

    private static String preamble() {
        return "00 ".repeat(128) + "'DICM'";
    }

    // ------------------------------------------------------------------ byte-exact files

    @Test
    void fileHasPreamblePrefixMetaWithGroupLengthThenDataset() {
        // Group length: 14 + (8 + 26) + (8 + 8) + (8 + 20) + (8 + 44) + (8 + 12) = 164 (A4).
        assertBytes(preamble()
            + " 02 00 00 00 'UL' 04 00 A4 00 00 00"
            + " 02 00 01 00 'OB' 00 00 02 00 00 00 00 01"
            + " 02 00 02 00 'UI' 1A 00 '" + SECONDARY_CAPTURE + "' 00"
            + " 02 00 03 00 'UI' 08 00 '1.2.3.4' 00"
            + " 02 00 10 00 'UI' 14 00 '1.2.840.10008.1.2.1' 00"
            + " 02 00 12 00 'UI' 2C 00 '" + Part10Writer.IMPLEMENTATION_CLASS_UID + "' 00"
            + " 02 00 13 00 'SH' 0C 00 'SAGITTA_0_1 '"
            + " 08 00 16 00 'UI' 1A 00 '" + SECONDARY_CAPTURE + "' 00"
            + " 08 00 18 00 'UI' 08 00 '1.2.3.4' 00"
            + " 10 00 10 00 'PN' 08 00 'Doe^John'",
            Part10Writer.create().toBytes(small(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    @Test
    void metaStaysExplicitLittleEndianWhenTheDatasetIsBigEndian() {
        // The Transfer Syntax UID is 19 characters plus NUL either way, so the group length is unchanged.
        assertBytes(preamble()
            + " 02 00 00 00 'UL' 04 00 A4 00 00 00"
            + " 02 00 01 00 'OB' 00 00 02 00 00 00 00 01"
            + " 02 00 02 00 'UI' 1A 00 '" + SECONDARY_CAPTURE + "' 00"
            + " 02 00 03 00 'UI' 08 00 '1.2.3.4' 00"
            + " 02 00 10 00 'UI' 14 00 '1.2.840.10008.1.2.2' 00"
            + " 02 00 12 00 'UI' 2C 00 '" + Part10Writer.IMPLEMENTATION_CLASS_UID + "' 00"
            + " 02 00 13 00 'SH' 0C 00 'SAGITTA_0_1 '"
            + " 00 08 00 16 'UI' 00 1A '" + SECONDARY_CAPTURE + "' 00"
            + " 00 08 00 18 'UI' 00 08 '1.2.3.4' 00"
            + " 00 10 00 10 'PN' 00 08 'Doe^John'",
            Part10Writer.create().toBytes(small(), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN));
    }

    @Test
    void implicitDatasetAfterExplicitMeta() {
        // "1.2.840.10008.1.2" is 17 characters, padded to 18: the group length drops to 162 (A2).
        byte[] file = Part10Writer.create().toBytes(small(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertBytes("02 00 00 00 'UL' 04 00 A2 00 00 00", Arrays.copyOfRange(file, 132, 144));
        assertBytes("02 00 10 00 'UI' 12 00 '1.2.840.10008.1.2' 00", Arrays.copyOfRange(file, 208, 234));
        assertBytes("08 00 16 00 1A 00 00 00 '" + SECONDARY_CAPTURE + "' 00"
            + " 08 00 18 00 08 00 00 00 '1.2.3.4' 00"
            + " 10 00 10 00 08 00 00 00 'Doe^John'", Arrays.copyOfRange(file, 144 + 162, file.length));
    }

    @Test
    void givenMetaIsWrittenAsGivenWithItsGroupLengthComputed() {
        Dataset meta = Part10Writer.fileMetaInformation("1.2.5", "1.2.6", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        meta.setInt(Tag.FileMetaInformationGroupLength, VR.UL, 999);
        meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, "SCU");
        byte[] file = Part10Writer.create().toBytes(meta, small());
        // 14 + (8 + 6) + (8 + 6) + 28 + 52 + 20 + (8 + 4) = 154 (9A).
        assertBytes(preamble()
            + " 02 00 00 00 'UL' 04 00 9A 00 00 00"
            + " 02 00 01 00 'OB' 00 00 02 00 00 00 00 01"
            + " 02 00 02 00 'UI' 06 00 '1.2.5' 00"
            + " 02 00 03 00 'UI' 06 00 '1.2.6' 00"
            + " 02 00 10 00 'UI' 14 00 '1.2.840.10008.1.2.1' 00"
            + " 02 00 12 00 'UI' 2C 00 '" + Part10Writer.IMPLEMENTATION_CLASS_UID + "' 00"
            + " 02 00 13 00 'SH' 0C 00 'SAGITTA_0_1 '"
            + " 02 00 16 00 'AE' 04 00 'SCU '", Arrays.copyOf(file, 132 + 12 + 154));
    }

    @Test
    void fileMetaElementsInTheDatasetAreNotWrittenInItsBody() {
        Dataset ds = small();
        ds.setString(Tag.TransferSyntaxUID, VR.UI, "1.2.840.10008.1.2.4.50");
        ds.setString(Tag.SourceApplicationEntityTitle, VR.AE, "OLD");
        byte[] withMeta = Part10Writer.create().toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertArrayEquals(Part10Writer.create().toBytes(small(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), withMeta);
    }

    @Test
    void missingPiecesAreErrors() {
        Part10Writer writer = Part10Writer.create();
        Dataset anonymous = new Dataset();
        anonymous.setString(Tag.PatientName, VR.PN, "Doe");
        assertThrows(IllegalArgumentException.class,
            () -> writer.toBytes(anonymous, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        Dataset noSyntax = Part10Writer.fileMetaInformation(small(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        noSyntax.remove(Tag.TransferSyntaxUID);
        assertThrows(IllegalArgumentException.class, () -> writer.toBytes(noSyntax, small()));

        Dataset strayElement = Part10Writer.fileMetaInformation(small(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        strayElement.setString(Tag.PatientID, VR.LO, "X");
        assertThrows(IllegalArgumentException.class, () -> writer.toBytes(strayElement, small()));
    }

    @Test
    void deflatedFileHasPlainMetaAndADeflatedDataset() throws DataFormatException {
        Dataset ds = sample();
        byte[] file = Part10Writer.create().toBytes(ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        int metaEnd = 144 + (int) io.sagitta.core.data.ByteOrder.getLE(file, 140, 4, false);
        assertContains(hex(Arrays.copyOf(file, metaEnd)), hex(b("02 00 10 00 'UI' 16 00 '1.2.840.10008.1.2.1.99'")));
        byte[] body = DatasetWriterTest.inflate(Arrays.copyOfRange(file, metaEnd, file.length));
        assertEquals(hex(DatasetWriterTest.encode(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds)), hex(body));
    }

    @Test
    void byteBufAndStreamAndArrayAgree() throws IOException {
        Dataset ds = sample();
        Part10Writer writer = Part10Writer.create();
        for (TransferSyntax ts : syntaxes()) {
            byte[] array = writer.toBytes(ds, ts);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            writer.write(ds, ts, stream);
            ByteBuf buf = Unpooled.buffer();
            try {
                buf.writeByte(7);
                writer.write(ds, ts, buf);
                assertArrayEquals(array, stream.toByteArray(), ts.name());
                assertArrayEquals(array, ByteBufUtil.getBytes(buf, 1, buf.readableBytes() - 1), ts.name());
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void failedWriteLeavesTheBufferAsItWas() {
        Dataset ds = small();
        ds.setValue(Tag.PixelData, VR.OW, BulkData.ofRange(0, 8));
        ByteBuf buf = Unpooled.buffer();
        try {
            assertThrows(IllegalArgumentException.class,
                () -> Part10Writer.create().write(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, buf));
            assertEquals(0, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    // ------------------------------------------------------------------ dcmtk cross-checks

    /**
     * Strings in UTF-8, PN, numbers as text and binary, a private block, sequences nested two
     * levels (with an empty sequence and an empty item), OB with an odd length, and OW pixels.
     */
    static Dataset sample() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, SECONDARY_CAPTURE);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1234567890123456789");
        ds.setString(Tag.StudyDate, VR.DA, "20240131");
        ds.setString(Tag.Modality, VR.CS, "OT");
        ds.setString(Tag.StudyDescription, VR.LO, "Writer cross-check");
        ds.setInt(Tag.SimpleFrameList, VR.UL, 1, 70000);
        ds.setDouble(Tag.TimeRange, VR.FD, 0.5, 1.25);
        ds.setDouble(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 2.5);
        ds.setString(0x00090010, VR.LO, "SAGITTA TEST");
        ds.setString(0x00091001, VR.LO, "private value");
        ds.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        ds.setString(Tag.PatientID, VR.LO, "PID-1");
        ds.setLong(Tag.ReferencePixelX0, VR.SL, -70000);
        ds.setInt(Tag.TagAngleSecondAxis, VR.SS, -2);
        ds.setDouble(Tag.DiffusionBValue, VR.FD, 1000);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.42");
        ds.setInt(Tag.InstanceNumber, VR.IS, 7);
        ds.setInt(Tag.DimensionIndexPointer, VR.AT, Tag.PatientID);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.5, 0.25);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.TextValue, VR.UT, "Größe\\und Länge");
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {1, 2, 3, 4, 5});

        Sequence series = ds.newSequence(Tag.ReferencedSeriesSequence);
        for (int s = 1; s <= 2; s++) {
            Dataset item = series.addItem();
            item.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.100" + s);
            Sequence images = item.newSequence(Tag.ReferencedImageSequence);
            for (int i = 1; i <= s; i++) {
                Dataset image = images.addItem();
                image.setString(Tag.ReferencedSOPClassUID, VR.UI, SECONDARY_CAPTURE);
                image.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "2.25.100" + s + "." + i);
            }
        }
        ds.newSequence(Tag.SourceImageSequence);
        ds.newSequence(Tag.PurposeOfReferenceCodeSequence).addItem();

        int[] pixels = new int[16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i * 257;
        }
        ds.setInt(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    /** The sample with its pixels as JPEG fragments: an empty offset table and two fragments, one of odd length. */
    private static Dataset sampleEncapsulated() {
        Dataset ds = sample();
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        fragments.add(new byte[] {4, 5, (byte) 0xFF, (byte) 0xD9});
        ds.setValue(Tag.PixelData, VR.OB, fragments);
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        return ds;
    }

    private static List<TransferSyntax> syntaxes() {
        return List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void dcmdumpReadsEverySyntaxWithoutComplaint(@TempDir Path dir) throws Exception {
        assumeDcmtk();
        for (TransferSyntax ts : syntaxes()) {
            for (boolean defined : new boolean[] {false, true}) {
                Path file = dir.resolve(ts.uid() + (defined ? "-defined" : "-undefined") + ".dcm");
                write(file, sample(), ts, defined);
                String dump = dcmdump(file);
                String length = defined ? "explicit length" : "undefined length";
                assertContains(dump, "(0002,0010) UI [" + ts.uid());
                assertContains(dump, "(0002,0012) UI [" + Part10Writer.IMPLEMENTATION_CLASS_UID);
                assertContains(dump, "(0002,0013) SH [SAGITTA_0_1 ]");
                assertContains(dump, "(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]");
                assertContains(dump, "(0008,1030) LO [Writer cross-check]");
                assertContains(dump, "(0008,1161) UL 1\\70000");
                assertContains(dump, "(0008,1163) FD 0.5\\1.25");
                assertContains(dump, "(0008,9459) FL 2.5");
                // Implicit VR cannot say what a private element is; dcmtk shows its bytes.
                assertContains(dump, ts.explicitVR() ? "(0009,1001) LO [private value ]" : "(0009,1001) ?? 70\\72");
                assertContains(dump, "(0010,0010) PN [Müller^Jürgen ]");
                assertContains(dump, "(0018,6020) SL -70000");
                assertContains(dump, "(0018,9219) SS -2");
                assertContains(dump, "(0018,9087) FD 1000");
                assertContains(dump, "(0020,9165) AT (0010,0020)");
                assertContains(dump, "(0028,0030) DS [0.5\\0.25]");
                assertContains(dump, "(0040,a160) UT [Größe\\und Länge]");
                assertContains(dump, "(0042,0011) OB 01\\02\\03\\04\\05\\00");
                assertContains(dump, "(7fe0,0010) OW 0000\\0101\\0202\\0303\\0404");
                assertContains(dump, "(0008,1115) SQ (Sequence with " + length + " #=2)");
                assertContains(dump, "(0008,1140) SQ (Sequence with " + length + " #=1)");
                assertContains(dump, "(0008,1140) SQ (Sequence with " + length + " #=2)");
                assertContains(dump, "(0008,1155) UI [2.25.1002.2");
                assertContains(dump, "(0008,2112) SQ (Sequence with " + length + " #=0)");
                assertContains(dump, "(0040,a170) SQ (Sequence with " + length + " #=1)");
                assertContains(dump, "(fffe,e000) na (Item with " + length + " #=0)");
            }
        }
    }

    @Test
    void dcmdumpReadsEncapsulatedPixelData(@TempDir Path dir) throws Exception {
        assumeDcmtk();
        for (boolean defined : new boolean[] {false, true}) {
            Path file = dir.resolve("jpeg" + defined + ".dcm");
            write(file, sampleEncapsulated(), TransferSyntax.JPEG_BASELINE, defined);
            String dump = dcmdump(file);
            assertContains(dump, "(0002,0010) UI [1.2.840.10008.1.2.4.50]");
            assertContains(dump, "(7fe0,0010) OB (PixelSequence #=3)");
            assertContains(dump, "(fffe,e000) pi (no value available)");
            assertContains(dump, "(fffe,e000) pi ff\\d8\\01\\02\\03\\00");
            assertContains(dump, "(fffe,e000) pi 04\\05\\ff\\d9");
            assertContains(dump, "(fffe,e0dd) na (SequenceDelimitationItem)");
            assertContains(dump, "(0010,0010) PN [Müller^Jürgen ]");
        }
    }

    /**
     * dcmconv re-encodes each file we write in each other syntax; its encoding of the dataset must
     * be byte for byte ours. Lengths (defined or undefined) follow dcmconv's -e/+e.
     */
    @Test
    void dcmconvReencodesToTheSameBytes(@TempDir Path dir) throws Exception {
        assumeDcmtk();
        Dataset ds = sample();
        // Read from implicit VR, a private element's VR is unknown: dcmtk keeps it as UN (PS3.5 6.2.2).
        Dataset privateAsUnknown = sample();
        privateAsUnknown.setValue(0x00091001, VR.UN, privateAsUnknown.getBytes(0x00091001));
        String[][] targets = {
            {"+ti", "1.2.840.10008.1.2"}, {"+te", "1.2.840.10008.1.2.1"}, {"+tb", "1.2.840.10008.1.2.2"}};
        for (TransferSyntax source : syntaxes()) {
            Path in = dir.resolve("in-" + source.uid() + ".dcm");
            write(in, ds, source, false);
            for (String[] target : targets) {
                for (boolean defined : new boolean[] {false, true}) {
                    Path out = dir.resolve("out.raw");
                    run("dcmconv", "-F", target[0], defined ? "+e" : "-e", "-g", "-p", in.toString(), out.toString());
                    DatasetWriter writer = DatasetWriter.create(TransferSyntax.of(target[1]),
                        new DatasetWriterOptions().definedLengthSequences(defined));
                    assertEquals(hex(writer.toBytes(source.explicitVR() ? ds : privateAsUnknown)), hex(Files.readAllBytes(out)),
                        source.name() + " -> " + target[0] + (defined ? " +e" : " -e"));
                }
            }
        }
    }

    private static void write(Path file, Dataset ds, TransferSyntax ts, boolean definedLengths) throws IOException {
        Part10Writer writer = Part10Writer.create(new DatasetWriterOptions().definedLengthSequences(definedLengths));
        try (var out = Files.newOutputStream(file)) {
            writer.write(ds, ts, out);
        }
    }

    private static void assumeDcmtk() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dcmdump")) || onPath("dcmdump"),
            "dcmtk is not installed");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** dcmdump with data correction off, everything printed, UIDs as numbers; fails on any warning. */
    private static String dcmdump(Path file) throws Exception {
        return run("dcmdump", "-dc", "+L", "+U8", "-Un", file.toString());
    }

    /** Runs a tool; it must exit 0 and print nothing to stderr (dcmtk's warnings and errors go there). */
    private static String run(String... command) throws Exception {
        Path stdout = Files.createTempFile("dcmtk", ".out");
        Path stderr = Files.createTempFile("dcmtk", ".err");
        try {
            List<String> args = new ArrayList<>(Arrays.asList(command));
            Process process = new ProcessBuilder(args)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + args);
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), args + " failed:\n" + err + out);
            assertEquals("", err, args + " complained:\n" + err);
            return out;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static void assertContains(String dump, String expected) {
        assertTrue(dump.contains(expected), "dcmdump output lacks \"" + expected + "\":\n" + dump);
    }
}
