package io.sagitta.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.testing.DicomBytes;
import io.sagitta.core.testing.DicomBytes.Encoding;
import io.sagitta.core.testing.ParserRuns;
import io.sagitta.core.testing.RecordingHandler;
import io.sagitta.core.testing.SampleInputs;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the parser makes of well-formed input, built byte by byte with {@link DicomBytes}. */
class DicomParserTest {

    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final String EXPLICIT_BE = TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid();
    private static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();

    /** Parses into a collector that keeps every value, failing the test on any parse error. */
    static DatasetCollector collect(byte[] input, DicomParserOptions options) {
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
        DicomParseException failure = ParserRuns.feedWhole(input, options, collector);
        if (failure != null) {
            throw new AssertionError("unexpected parse failure", failure);
        }
        assertTrue(collector.isComplete());
        return collector;
    }

    static Dataset parse(byte[] input) {
        return collect(input, DicomParserOptions.create()).dataset();
    }

    static List<String> events(byte[] input, DicomParserOptions options) {
        RecordingHandler recorder = new RecordingHandler();
        DicomParseException failure = ParserRuns.feedWhole(input, options, recorder);
        if (failure != null) {
            throw new AssertionError("unexpected parse failure after " + recorder, failure);
        }
        return recorder.events();
    }

    /** Events with element values left out, to compare structure. */
    static List<String> structure(List<String> events) {
        return events.stream()
            .map(e -> e.startsWith("element ") ? e.substring(0, "element (gggg,eeee) VR".length()) : e)
            .collect(Collectors.toList());
    }

    // ---------------------------------------------------------------- the three uncompressed encodings

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void readsEveryVrInEveryEncoding(Encoding encoding) {
        String uid = encoding == Encoding.IMPLICIT_LE ? IMPLICIT_LE
            : encoding == Encoding.EXPLICIT_LE ? EXPLICIT_LE : EXPLICIT_BE;
        DatasetCollector c = collect(DicomBytes.part10(uid, SampleInputs.richDataset(encoding)),
            DicomParserOptions.create());
        assertEquals(uid, c.transferSyntax().uid());
        assertEquals(uid, c.fileMeta().getString(Tag.TransferSyntaxUID));
        Dataset ds = c.dataset();

        assertEquals("ISO_IR 100", ds.getString(Tag.SpecificCharacterSet));
        assertEquals("1.2.3.4.5.6.7", ds.getString(Tag.SOPInstanceUID));
        assertEquals(java.time.LocalDate.of(2024, 1, 2), ds.getDate(Tag.StudyDate));
        assertEquals("M\u00fcller^J\u00f6rg", ds.getString(Tag.PatientName));
        assertEquals(-5, ds.getInt(Tag.TagAngleSecondAxis, 0));
        assertArrayEquals(new double[] {1.5, -2.25, 3}, ds.getDoubles(Tag.ImagePositionPatient));
        assertArrayEquals(new int[] {1, 2, 3, 65535}, ds.getInts(Tag.ReferencedWaveformChannels));
        assertEquals(0.1f, (float) ds.getDouble(Tag.LineThickness, 0));
        assertArrayEquals(new double[] {Math.PI, -1e-300}, ds.getDoubles(Tag.SelectorFDValue));
        assertArrayEquals(new String[] {"00100010", "00200032"}, ds.getStrings(Tag.DimensionIndexPointer));
        // Binary values are little endian in the dataset whatever the wire said.
        assertArrayEquals(new byte[] {(byte) 0xFB, (byte) 0xFF}, ds.getBytes(Tag.TagAngleSecondAxis));

        // Private elements: explicit VR says LO; implicit VR knows only the creator.
        assertEquals("ACME 1.0", ds.getString(0x00090010));
        assertEquals(VR.LO, ds.vrOf(0x00090010));
        assertEquals(encoding == Encoding.IMPLICIT_LE ? VR.UN : VR.LO, ds.vrOf(0x00091001));
        assertArrayEquals("private value ".getBytes(), ds.getBytes(0x00091001));
        Sequence privateSeq = ds.getSequence(0x00091010);
        assertEquals(1, privateSeq.size());
        assertEquals("INNER", privateSeq.get(0).getString(0x00090010));

        // Three levels of nesting, with the innermost sequence and item of defined length.
        Dataset level1 = ds.getSequence(Tag.SequenceOfUltrasoundRegions).get(0);
        assertEquals(1, level1.getInt(Tag.RegionSpatialFormat, 0));
        Dataset level2 = level1.getSequence(Tag.ContentSequence).get(0);
        assertEquals("TEXT", level2.getString(Tag.ValueType));
        Dataset level3 = level2.getSequence(Tag.ContentSequence).get(0);
        assertEquals("deep", level3.getText(Tag.TextValue));
        assertSame(level2, level3.parent());

        // Empty sequences and empty items, in both length forms.
        assertEquals(0, ds.getSequence(Tag.ModalityLUTSequence).size());
        assertEquals(0, ds.getSequence(Tag.RequestAttributesSequence).size());
        Sequence series = ds.getSequence(Tag.ReferencedSeriesSequence);
        assertEquals(2, series.size());
        assertTrue(series.get(0).isEmpty());
        assertTrue(series.get(1).isEmpty());
        Sequence images = ds.getSequence(Tag.ReferencedImageSequence);
        assertEquals(List.of("1.2.3.1", "1.2.3.2"),
            images.stream().map(i -> i.getString(Tag.ReferencedSOPInstanceUID)).collect(Collectors.toList()));
    }

    @Test
    void sequenceEventsNestAndCloseInOrder() {
        byte[] input = DicomBytes.part10(EXPLICIT_LE, SampleInputs.richDataset(Encoding.EXPLICIT_LE));
        List<String> s = structure(events(input, DicomParserOptions.create()));
        int i = s.indexOf("sequenceStart (0018,6011) SQ length=-1");
        assertEquals(List.of(
            "sequenceStart (0018,6011) SQ length=-1",
            "itemStart length=-1",
            "element (0018,6012) US",
            "sequenceStart (0040,A730) SQ length=-1",
            "itemStart length=-1",
            "element (0040,A040) CS",
            "sequenceStart (0040,A730) SQ length=24",
            "itemStart length=16",
            "element (0040,A160) UT",
            "itemEnd",
            "sequenceEnd",
            "itemEnd",
            "sequenceEnd",
            "itemEnd",
            "sequenceEnd",
            "element (0018,9219) SS"), s.subList(i, i + 16));
        int j = s.indexOf("sequenceStart (0008,1115) SQ length=-1");
        assertEquals(List.of("sequenceStart (0008,1115) SQ length=-1", "itemStart length=-1", "itemEnd",
            "itemStart length=0", "itemEnd", "sequenceEnd"), s.subList(j, j + 6));
        int k = s.indexOf("sequenceStart (0028,3000) SQ length=-1");
        assertEquals(List.of("sequenceStart (0028,3000) SQ length=-1", "sequenceEnd",
            "sequenceStart (0040,0275) SQ length=0", "sequenceEnd"), s.subList(k, k + 4));
    }

    @Test
    void bigEndianSwapsWholeValuesButPassesChunksRaw() {
        byte[] dataset = SampleInputs.nativeImage(Encoding.EXPLICIT_BE);
        byte[] input = DicomBytes.part10(EXPLICIT_BE, dataset);
        List<String> events = events(input, DicomParserOptions.create());
        // US 4 (rows) arrives little endian in element().
        assertTrue(events.contains("element (0028,0010) US [0400]"), events::toString);
        // Pixel Data is streamed: its chunks are the wire bytes, big endian words.
        String pixel = events.stream().filter(e -> e.startsWith("value (7FE0,0010)")).findFirst().orElseThrow();
        String wireWords = HexFormat.of().formatHex(java.util.Arrays.copyOfRange(input,
            input.length - 32 - 12 - 6, input.length - 12 - 6));
        assertTrue(wireWords.startsWith("000f010e"), wireWords);
        assertTrue(pixel.endsWith("[" + wireWords + "]"), pixel + " vs " + wireWords);

        // The collector swaps the kept Pixel Data to little endian words.
        Dataset ds = parse(input);
        byte[] pixels = ds.getBytes(Tag.PixelData);
        assertEquals(32, pixels.length);
        assertEquals(0x0F, pixels[0]);
        assertEquals(0x00, pixels[1]);
        assertEquals(0x0E, pixels[2]);
        assertEquals(0x01, pixels[3]);
        assertEquals(VR.OW, ds.vrOf(Tag.PixelData));
        assertArrayEquals(new byte[6], ds.getBytes(Tag.DataSetTrailingPadding));
    }

    @Test
    void bigEndianValuesAboveTheBulkThresholdAreSwappedByTheCollector() {
        byte[] input = DicomBytes.part10(EXPLICIT_BE, DicomBytes.explicitBE()
            .us(Tag.ReferencedWaveformChannels, 1, 2, 3, 4)
            .fd(Tag.SelectorFDValue, 1.5, -2.5)
            .toByteArray());
        Dataset ds = collect(input, DicomParserOptions.create().bulkThreshold(4)).dataset();
        assertArrayEquals(new int[] {1, 2, 3, 4}, ds.getInts(Tag.ReferencedWaveformChannels));
        assertArrayEquals(new double[] {1.5, -2.5}, ds.getDoubles(Tag.SelectorFDValue));
    }

    @Test
    void deflatedDatasetParsesLikeThePlainOne() {
        byte[] plain = SampleInputs.richDataset(Encoding.EXPLICIT_LE);
        byte[] deflated = DicomBytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            DicomBytes.deflate(plain));
        List<String> expected = events(DicomBytes.part10(EXPLICIT_LE, plain), DicomParserOptions.create());
        List<String> actual = events(deflated, DicomParserOptions.create());
        // Same elements and offsets (offsets count inflated bytes); only the syntax in the meta differs.
        assertEquals(expected.subList(1, expected.size()), actual.subList(1, actual.size()));
        assertTrue(actual.get(0).endsWith("syntax=1.2.840.10008.1.2.1.99"), actual.get(0));
    }

    @Test
    void deflatedEmptyDatasetIsComplete() {
        // A deflate stream of nothing is two bytes: shorter than an element header.
        byte[] input = DicomBytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            DicomBytes.deflate(new byte[0]));
        DatasetCollector c = collect(input, DicomParserOptions.create());
        assertTrue(c.dataset().isEmpty());
        assertEquals(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, c.transferSyntax());
    }

    // ---------------------------------------------------------------- encapsulated Pixel Data

    @Test
    void encapsulatedPixelDataGivesOffsetTableAndFragments() {
        byte[] input = DicomBytes.part10(TransferSyntax.RLE_LOSSLESS.uid(), SampleInputs.encapsulatedImage());
        List<String> events = events(input, DicomParserOptions.create());
        int i = events.indexOf(events.stream().filter(e -> e.startsWith("fragmentsStart")).findFirst().orElseThrow());
        List<String> pixel = events.subList(i, i + 6);
        assertTrue(pixel.get(0).startsWith("fragmentsStart (7FE0,0010) OB offset="), pixel::toString);
        long offset = Long.parseLong(pixel.get(0).substring(pixel.get(0).indexOf("offset=") + 7));
        assertEquals("fragment 0 length=8 offset=" + (offset + 8) + " [0000000018000000]", pixel.get(1));
        assertEquals("fragment 1 length=8 offset=" + (offset + 24) + " [0102030405060708]", pixel.get(2));
        assertEquals("fragment 2 length=8 offset=" + (offset + 40) + " [090a0b0c0d0e0f10]", pixel.get(3));
        assertEquals("fragment 3 length=4 offset=" + (offset + 56) + " [11121314]", pixel.get(4));
        assertEquals("fragmentsEnd", pixel.get(5));
        // The first byte of a fragment really is at the offset reported.
        assertEquals(1, input[(int) (offset + 24)]);

        Dataset ds = parse(input);
        Fragments fragments = ds.getFragments(Tag.PixelData);
        assertEquals(4, fragments.size());
        assertArrayEquals(new byte[] {17, 18, 19, 20}, (byte[]) fragments.get(3));
        assertArrayEquals(new byte[4], ds.getBytes(Tag.DataSetTrailingPadding));
    }

    // ---------------------------------------------------------------- UN of undefined length

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"EXPLICIT_LE", "EXPLICIT_BE"})
    void unknownOfUndefinedLengthIsReadAsImplicitLittleEndianItems(Encoding encoding) {
        byte[] input = DicomBytes.part10(encoding == Encoding.EXPLICIT_LE ? EXPLICIT_LE : EXPLICIT_BE,
            SampleInputs.unknownSequence(encoding));
        List<String> events = events(input, DicomParserOptions.create());
        assertTrue(events.contains("sequenceStart (0011,1001) UN length=-1"), events::toString);
        // Inside: implicit VR, so the dictionary gives the VRs, and values are little endian even in BE data.
        assertTrue(events.contains("element (0028,0010) US [0002]"), events::toString);
        assertTrue(events.contains("sequenceStart (0040,A730) SQ length=-1"), events::toString);
        // After it: the dataset's own encoding again.
        assertTrue(events.contains("element (0028,0011) US [0001]"), events::toString);
        assertTrue(events.contains("element (0011,1002) UL [04030201]"), events::toString);

        Dataset ds = parse(input);
        Dataset item = ds.getSequence(0x00111001).get(0);
        assertEquals("20240102", item.getString(Tag.StudyDate));
        assertEquals(512, item.getInt(Tag.Rows, 0));
        assertEquals("TEXT", item.getSequence(Tag.ContentSequence).get(0).getString(Tag.ValueType));
        assertEquals(256, ds.getInt(Tag.Columns, 0));
        assertEquals(0x01020304, ds.getInt(0x00111002, 0));
    }

    @Test
    void bigEndianValueStreamedInsideUnknownSequenceIsNotSwapped() {
        // Inside UN of undefined length the encoding is implicit little endian, so a long OW value there
        // must be kept as it is, not swapped as if it were big endian.
        byte[] input = DicomBytes.part10(EXPLICIT_BE, DicomBytes.explicitBE()
            .header(0x00111001, VR.UN, DicomBytes.UNDEFINED)
            .encoding(Encoding.IMPLICIT_LE)
            .item()
            .header(Tag.RedPaletteColorLookupTableData, VR.OW, 8).raw(1, 0, 2, 0, 3, 0, 4, 0)
            .itemEnd().sequenceEnd()
            .encoding(Encoding.EXPLICIT_BE)
            .ow(0x00111002, 1, 2, 3, 4)
            .toByteArray());
        Dataset ds = collect(input, DicomParserOptions.create().bulkThreshold(4)).dataset();
        Dataset item = ds.getSequence(0x00111001).get(0);
        byte[] words = {1, 0, 2, 0, 3, 0, 4, 0};
        assertArrayEquals(words, item.getBytes(Tag.RedPaletteColorLookupTableData));
        assertArrayEquals(words, ds.getBytes(0x00111002));
    }

    // ---------------------------------------------------------------- odd lengths, meta, bare datasets

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void oddLengthsAreReadAsGiven(Encoding encoding) {
        Dataset ds = collect(SampleInputs.oddLengths(encoding), DicomParserOptions.create()
            .input(DicomParserOptions.Input.DATASET).datasetSyntax(syntax(encoding))).dataset();
        assertArrayEquals("ABC".getBytes(), ds.getBytes(Tag.ProtocolName));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, ds.getBytes(0x00191001));
        assertEquals("xyz", ds.getText(Tag.ImageComments));
    }

    @Test
    void oddLengthBinaryValueInBigEndianKeepsItsLastByte() {
        byte[] input = DicomBytes.explicitBE().header(Tag.Rows, VR.US, 3).raw(0, 4, 9).toByteArray();
        Dataset ds = collect(input, DicomParserOptions.create().input(DicomParserOptions.Input.DATASET)
            .datasetSyntax(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)).dataset();
        assertArrayEquals(new byte[] {4, 0, 9}, ds.getBytes(Tag.Rows));
    }

    @Test
    void metaGroupWithoutPreambleIsRecognised() {
        byte[] input = DicomBytes.concat(DicomBytes.fileMeta(IMPLICIT_LE, true),
            SampleInputs.richDataset(Encoding.IMPLICIT_LE));
        DatasetCollector c = collect(input, DicomParserOptions.create());
        assertEquals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, c.transferSyntax());
        assertEquals("1.2.3.4.5.6.7", c.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
        assertEquals("M\u00fcller^J\u00f6rg", c.dataset().getString(Tag.PatientName));
    }

    @Test
    void metaWithoutGroupLengthEndsAtTheFirstOtherGroup() {
        byte[] input = DicomBytes.concat(new byte[128], "DICM".getBytes(), DicomBytes.fileMeta(EXPLICIT_LE, false),
            SampleInputs.richDataset(Encoding.EXPLICIT_LE));
        DatasetCollector c = collect(input, DicomParserOptions.create());
        assertFalse(c.fileMeta().contains(Tag.FileMetaInformationGroupLength));
        assertEquals("ISO_IR 100", c.dataset().getString(Tag.SpecificCharacterSet));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void bareDatasetSyntaxIsGuessedInAuto(Encoding encoding) {
        byte[] input = SampleInputs.richDataset(encoding);
        DatasetCollector c = collect(input, DicomParserOptions.create());
        assertNull(c.fileMeta());
        assertEquals(syntax(encoding), c.transferSyntax());
        assertEquals(2, c.dataset().getSequence(Tag.ReferencedImageSequence).size());
    }

    @Test
    void bareDatasetShorterThanAPart10PrefixIsReadAtFinish() {
        byte[] input = DicomBytes.implicitLE().string(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100").toByteArray();
        assertTrue(input.length < 132);
        DatasetCollector c = collect(input, DicomParserOptions.create());
        assertEquals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, c.transferSyntax());
        assertEquals("ISO_IR 100", c.dataset().getString(Tag.SpecificCharacterSet));
    }

    @Test
    void emptyBareDatasetIsValidWhenTheSyntaxIsGiven() {
        DatasetCollector c = collect(new byte[0], DicomParserOptions.create().input(DicomParserOptions.Input.DATASET));
        assertTrue(c.dataset().isEmpty());
    }

    // ---------------------------------------------------------------- Pixel Data modes, bulk threshold

    @Test
    void skipReportsWhereNativePixelDataIsAndReadsOn() {
        byte[] input = DicomBytes.part10(EXPLICIT_LE, SampleInputs.nativeImage(Encoding.EXPLICIT_LE));
        DicomParserOptions skip = DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.SKIP);
        List<String> events = events(input, skip);
        long offset = input.length - 32 - 12 - 6;
        assertTrue(events.contains("value (7FE0,0010) OW length=32 offset=" + offset + " skipped []"), events::toString);
        assertEquals("element (FFFC,FFFC) OB [000000000000]", events.get(events.size() - 2));

        DatasetCollector c = collect(input, skip);
        assertEquals(BulkData.ofRange(offset, 32), c.dataset().getBulkData(Tag.PixelData));
        assertTrue(c.dataset().contains(Tag.DataSetTrailingPadding));
    }

    @Test
    void skipReportsEachFragmentAndReadsOn() {
        byte[] input = DicomBytes.part10(TransferSyntax.RLE_LOSSLESS.uid(), SampleInputs.encapsulatedImage());
        DicomParserOptions skip = DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.SKIP);
        List<String> events = events(input, skip);
        assertEquals(4, events.stream().filter(e -> e.startsWith("fragment ") && e.endsWith(" skipped []")).count());
        Dataset ds = collect(input, skip).dataset();
        Fragments fragments = ds.getFragments(Tag.PixelData);
        assertEquals(4, fragments.size());
        BulkData last = (BulkData) fragments.get(3);
        assertEquals(4, last.length());
        assertEquals(17, input[(int) last.offset()]);
        assertTrue(ds.contains(Tag.DataSetTrailingPadding));
    }

    @Test
    void stopEndsTheDatasetAtPixelDataAndIgnoresTheRest() {
        byte[] input = DicomBytes.part10(EXPLICIT_LE, SampleInputs.nativeImage(Encoding.EXPLICIT_LE));
        RecordingHandler recorder = new RecordingHandler();
        DicomParser parser = new DicomParser(
            DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.STOP), recorder);
        parser.feed(Unpooled.wrappedBuffer(input));
        assertTrue(parser.isDone());
        assertEquals("end", recorder.events().get(recorder.events().size() - 1));
        assertEquals("element (0028,0103) US [0000]", recorder.events().get(recorder.events().size() - 2));
        parser.feed(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        parser.finish();
        assertEquals("end", recorder.events().get(recorder.events().size() - 1));
        assertFalse(collect(input, DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.STOP))
            .dataset().contains(Tag.DataSetTrailingPadding));
    }

    @Test
    void pixelDataInsideASequenceIsAlwaysRead() {
        byte[] input = DicomBytes.explicitLE()
            .sequence(Tag.IconImageSequence).item()
            .ow(Tag.PixelData, 1, 2)
            .itemEnd().sequenceEnd()
            .toByteArray();
        Dataset ds = collect(input, DicomParserOptions.create().input(DicomParserOptions.Input.DATASET)
            .pixelData(DicomParserOptions.PixelData.STOP)).dataset();
        assertArrayEquals(new byte[] {1, 0, 2, 0}, ds.getSequence(Tag.IconImageSequence).get(0).getBytes(Tag.PixelData));
    }

    @Test
    void valuesAboveTheBulkThresholdArriveInChunks() {
        byte[] input = DicomBytes.explicitLE()
            .string(Tag.StudyDate, VR.DA, "20240102")
            .string(Tag.ProtocolName, VR.LO, "ABCDEFGHI")
            .toByteArray();
        DicomParserOptions options = DicomParserOptions.create().input(DicomParserOptions.Input.DATASET)
            .bulkThreshold(8);
        List<String> events = events(input, options);
        assertEquals(List.of("datasetStart meta=none syntax=1.2.840.10008.1.2.1",
            "element (0008,0020) DA [3230323430313032]",
            "value (0018,1030) LO length=10 offset=24 [41424344454647484920]",
            "end"), events);
        // Split into chunks smaller than the value, the chunks join up to the same value.
        assertEquals(events, ParserRuns.bytewise(input, options).events());
        assertEquals("ABCDEFGHI", collect(input, options).dataset().getString(Tag.ProtocolName));
    }

    @Test
    void nestingUpToMaxDepthIsAccepted() {
        DicomParserOptions options = DicomParserOptions.create().input(DicomParserOptions.Input.DATASET).maxDepth(3);
        Dataset ds = collect(nested(3), options).dataset();
        Dataset deepest = ds.getSequence(Tag.ContentSequence).get(0).getSequence(Tag.ContentSequence).get(0)
            .getSequence(Tag.ContentSequence).get(0);
        assertEquals("TEXT", deepest.getString(Tag.ValueType));
    }

    /** {@code levels} Content Sequences, one inside the other, the innermost holding a Value Type. */
    static byte[] nested(int levels) {
        DicomBytes b = DicomBytes.explicitLE();
        for (int i = 0; i < levels; i++) {
            b.sequence(Tag.ContentSequence).item();
        }
        b.string(Tag.ValueType, VR.CS, "TEXT");
        for (int i = 0; i < levels; i++) {
            b.itemEnd().sequenceEnd();
        }
        return b.toByteArray();
    }

    static TransferSyntax syntax(Encoding encoding) {
        switch (encoding) {
            case IMPLICIT_LE:
                return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            case EXPLICIT_LE:
                return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            default:
                return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        }
    }
}
