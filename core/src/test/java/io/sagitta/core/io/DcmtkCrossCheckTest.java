package io.sagitta.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.testing.DcmdumpText;
import io.sagitta.core.testing.Dcmtk;
import io.sagitta.core.testing.DcmtkSamples;
import io.sagitta.core.testing.DumpComparison;
import io.sagitta.core.testing.ParserRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sagitta's parser against dcmtk's: files made by the dcmtk tools in every syntax are dumped by
 * dcmdump, and the parser must find the same elements, VRs and values, item by item and fragment by
 * fragment. Skipped only when dcmtk is not installed (CI installs it).
 */
class DcmtkCrossCheckTest {

    @TempDir
    static Path dir;
    static Map<String, Path> corpus;

    @BeforeAll
    static void generateCorpus() {
        assumeTrue(Dcmtk.available(), "dcmtk (dcmdump) is not on the PATH");
        corpus = DcmtkSamples.generate(dir);
    }

    static List<String> names() {
        return List.copyOf(corpus.keySet());
    }

    private static DatasetCollector parse(byte[] bytes, DicomParserOptions options, DatasetCollector.BulkValues bulk) {
        DatasetCollector collector = new DatasetCollector(bulk);
        DicomParseException failure = ParserRuns.feedWhole(bytes, options, collector);
        if (failure != null) {
            throw new AssertionError("Sagitta cannot parse what dcmtk wrote", failure);
        }
        return collector;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void sagittaReadsWhatDcmtkReads(String name) throws IOException {
        Path file = corpus.get(name);
        byte[] bytes = Files.readAllBytes(file);
        DatasetCollector ours = parse(bytes, DicomParserOptions.create(), DatasetCollector.BulkValues.KEEP);
        DcmdumpText.Dump dump = DcmdumpText.parse(Dcmtk.dcmdump(file));

        List<String> differences = new ArrayList<>();
        if (ours.fileMeta() != null) {
            differences.addAll(DumpComparison.differences(dump.fileMeta(), ours.fileMeta(), false));
        } else {
            assertEquals(List.of(), dump.fileMeta(), "dcmtk found File Meta Information");
        }
        boolean implicit = !ours.transferSyntax().explicitVR();
        differences.addAll(DumpComparison.differences(dump.dataset(), ours.dataset(), implicit));
        assertEquals("", String.join("\n", differences), name + ": Sagitta and dcmtk disagree");
        assertTrue(dump.dataset().size() >= 3, "dcmdump output parsed to almost nothing");

        // Real files, too, parse the same however they arrive.
        DicomParserOptions options = DicomParserOptions.create();
        ParserRuns.Outcome whole = ParserRuns.whole(bytes, options);
        assertEquals(whole.toString(), ParserRuns.chunked(bytes, options, name.hashCode(), 97).toString());
        assertEquals(whole.toString(), ParserRuns.bytewise(bytes, options).toString());
    }

    /**
     * Bulk data references and skipped Pixel Data point at the very bytes the value has in the stream:
     * the file, or for deflated data the file with its dataset inflated (offsets count inflated bytes).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void bulkDataOffsetsPointIntoTheStream(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(corpus.get(name));
        DatasetCollector kept = parse(bytes, DicomParserOptions.create(), DatasetCollector.BulkValues.KEEP);
        DatasetCollector referenced = parse(bytes, DicomParserOptions.create().bulkThreshold(16)
            .pixelData(DicomParserOptions.PixelData.SKIP), DatasetCollector.BulkValues.REFERENCE);
        byte[] stream = kept.transferSyntax().deflated() ? inflated(bytes, kept.fileMeta()) : bytes;
        int[] checked = new int[1];
        compareBulk(kept.dataset(), referenced.dataset(), stream, kept.transferSyntax().bigEndian(), checked);
        assertTrue(checked[0] > 0 || !kept.dataset().contains(Tag.PixelData), "no value was referenced");
    }

    /** The file with its deflated dataset inflated: the stream the parser's offsets count in. */
    private static byte[] inflated(byte[] file, Dataset meta) throws IOException {
        int datasetStart = 132 + 12 + meta.getInt(Tag.FileMetaInformationGroupLength, -1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(file, 0, datasetStart);
        try (java.io.InputStream in = new java.util.zip.InflaterInputStream(
            new java.io.ByteArrayInputStream(file, datasetStart, file.length - datasetStart),
            new java.util.zip.Inflater(true))) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    private static void compareBulk(Dataset kept, Dataset referenced, byte[] stream, boolean bigEndian,
                                    int[] checked) {
        assertEquals(kept.size(), referenced.size());
        for (int i = 0; i < kept.size(); i++) {
            Object k = kept.valueAt(i);
            Object r = referenced.valueAt(i);
            if (r instanceof BulkData) {
                // Kept values are little endian; the stream has them in the syntax's byte order.
                assertRange((byte[]) k, (BulkData) r, stream, bigEndian ? kept.vrAt(i).unitSize() : 1);
                checked[0]++;
            } else if (r instanceof Fragments) {
                Fragments kf = (Fragments) k;
                Fragments rf = (Fragments) r;
                assertEquals(kf.size(), rf.size());
                for (int f = 0; f < kf.size(); f++) {
                    assertRange((byte[]) kf.get(f), (BulkData) rf.get(f), stream, 1);
                    checked[0]++;
                }
            } else if (r instanceof io.sagitta.core.data.Sequence) {
                io.sagitta.core.data.Sequence ks = (io.sagitta.core.data.Sequence) k;
                io.sagitta.core.data.Sequence rs = (io.sagitta.core.data.Sequence) r;
                // (No corpus file has a value above 16 bytes inside UN of undefined length in big endian
                // data, where values would be little endian.)
                for (int item = 0; item < ks.size(); item++) {
                    compareBulk(ks.get(item), rs.get(item), stream, bigEndian, checked);
                }
            } else {
                assertArrayEquals((byte[]) k, (byte[]) r);
            }
        }
    }

    private static void assertRange(byte[] expected, BulkData range, byte[] stream, int unit) {
        assertEquals(expected.length, range.length());
        byte[] actual = Arrays.copyOfRange(stream, (int) range.offset(), (int) (range.offset() + range.length()));
        io.sagitta.core.data.ByteOrder.swap(actual, 0, actual.length, unit);
        assertArrayEquals(expected, actual);
    }

    /** The comparison itself must notice a wrong value, VR, element or item, at any depth. */
    @Test
    void comparisonNoticesEveryKindOfDifference() throws IOException {
        Path file = corpus.get("explicit-le-undefined-lengths");
        DcmdumpText.Dump dump = DcmdumpText.parse(Dcmtk.dcmdump(file));
        List<java.util.function.Consumer<Dataset>> mutations = List.of(
            ds -> ds.setString(Tag.PatientName, io.sagitta.core.data.VR.PN, "Other^Name"),
            ds -> ds.setValue(Tag.StudyDate, io.sagitta.core.data.VR.LO, ds.getBytes(Tag.StudyDate)),
            ds -> ds.remove(Tag.PatientAge),
            ds -> ds.setString(Tag.AccessionNumber, io.sagitta.core.data.VR.SH, "extra"),
            ds -> ds.setInt(Tag.TagAngleSecondAxis, io.sagitta.core.data.VR.SS, -6),
            ds -> ds.setDouble(Tag.SelectorFDValue, io.sagitta.core.data.VR.FD, Math.PI, 2e-300),
            ds -> ds.setDouble(Tag.LineThickness, io.sagitta.core.data.VR.FL, 0.1001),
            ds -> ds.setInt(Tag.DimensionIndexPointer, io.sagitta.core.data.VR.AT, Tag.PatientID),
            ds -> ds.getBytes(0x00091003)[3] = 5,
            ds -> ds.getSequence(Tag.ReferencedSeriesSequence).remove(0),
            ds -> ds.getSequence(Tag.SequenceOfUltrasoundRegions).get(0).getSequence(Tag.ContentSequence).get(0)
                .getSequence(Tag.ContentSequence).get(0).setString(Tag.TextValue, io.sagitta.core.data.VR.UT, "x"));
        for (int m = 0; m < mutations.size(); m++) {
            Dataset ds = DicomFiles.read(file).dataset();
            assertEquals(List.of(), DumpComparison.differences(dump.dataset(), ds, false));
            mutations.get(m).accept(ds);
            assertEquals(1, DumpComparison.differences(dump.dataset(), ds, false).size(), "mutation " + m);
        }
    }

    @Test
    void corpusCoversEverySyntaxTheParserReads() throws IOException {
        Set<String> syntaxes = new TreeSet<>();
        for (Path file : corpus.values()) {
            DicomFiles.Parsed parsed = DicomFiles.read(file);
            syntaxes.add(parsed.transferSyntax().uid() + (parsed.fileMeta() == null ? " (bare)" : ""));
        }
        Set<String> expected = List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.RLE_LOSSLESS, TransferSyntax.JPEG_BASELINE, TransferSyntax.JPEG_LOSSLESS_SV1)
            .stream().map(TransferSyntax::uid).collect(Collectors.toSet());
        assertTrue(syntaxes.containsAll(expected), () -> "corpus has only " + syntaxes);
        assertTrue(syntaxes.contains(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid() + " (bare)"), syntaxes::toString);
        assertTrue(corpus.size() >= 8);
    }

    @Test
    void encapsulatedFramesHaveAnOffsetTableAndOneFragmentEach() throws IOException {
        for (String name : List.of("rle-8bit-2-frames", "jpeg-baseline-2-frames")) {
            Dataset ds = DicomFiles.read(corpus.get(name)).dataset();
            Fragments fragments = ds.getFragments(Tag.PixelData);
            assertEquals(3, fragments.size(), name);
            byte[] bot = (byte[]) fragments.get(0);
            assertEquals(8, bot.length, name);
            int second = (bot[4] & 0xFF) | (bot[5] & 0xFF) << 8 | (bot[6] & 0xFF) << 16 | (bot[7] & 0xFF) << 24;
            // The second offset is the first frame's fragment plus its 8-byte item header.
            assertEquals(((byte[]) fragments.get(1)).length + 8, second, name);
        }
    }
}
