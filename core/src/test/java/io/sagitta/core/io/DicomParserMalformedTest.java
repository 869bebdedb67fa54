package io.sagitta.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.testing.DicomBytes;
import io.sagitta.core.testing.DicomBytes.Encoding;
import io.sagitta.core.testing.ParserRuns;
import io.sagitta.core.testing.ParserRuns.Outcome;
import io.sagitta.core.testing.SampleInputs;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input of every kind ends in a {@link DicomParseException} that says what is wrong, and costs no memory. */
class DicomParserMalformedTest {

    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();

    private static DicomParserOptions dataset() {
        return DicomParserOptions.create().input(DicomParserOptions.Input.DATASET);
    }

    /** Parses whole and one byte at a time; both must fail, with the same message, which is returned. */
    private static String failure(byte[] input, DicomParserOptions options) {
        Outcome whole = ParserRuns.whole(input, options);
        assertTrue(whole.failed(), () -> "expected a parse failure, got\n" + whole);
        Outcome bytewise = ParserRuns.bytewise(input, options);
        assertEquals(whole.toString(), bytewise.toString(), "byte by byte");
        return whole.failure();
    }

    private static void assertMessage(String regex, String message) {
        assertTrue(Pattern.compile(regex).matcher(message).find(), () -> "message \"" + message + "\" lacks " + regex);
        assertTrue(message.matches(".*\\(at byte \\d+\\)$"), () -> "message has no offset: " + message);
    }

    // ---------------------------------------------------------------- truncation

    static Stream<String> truncationSamples() {
        return Stream.of("rich-explicit-le", "rich-implicit-le", "rich-explicit-be", "rich-deflated",
            "rich-bare-implicit-le", "image-encapsulated", "image-native-explicit-be", "un-undefined-explicit-be",
            "odd-lengths-explicit-le");
    }

    /**
     * Cut at every byte: each prefix fails with a parse exception (never another exception), unless it
     * ends exactly between two top-level elements, where it is a complete, shorter dataset.
     */
    @ParameterizedTest
    @MethodSource("truncationSamples")
    void everyTruncationFailsOrIsACompleteShorterDataset(String name) {
        byte[] input = SampleInputs.all().get(name);
        DicomParserOptions options = DicomParserOptions.create();
        List<String> full = ParserRuns.whole(input, options).events();
        int complete = 0;
        for (int n = 0; n < input.length; n++) {
            byte[] prefix = Arrays.copyOf(input, n);
            Outcome outcome = ParserRuns.whole(prefix, options);
            if (outcome.failed()) {
                int at = n;
                assertTrue(outcome.failure().matches(
                    "(truncated|not DICOM|File Meta Information has no Transfer Syntax UID).*"),
                    () -> "prefix of " + at + " bytes: " + outcome.failure());
            } else {
                complete++;
                List<String> events = outcome.events();
                // A complete prefix holds the first top-level elements of the whole, then ends.
                assertEquals("end", events.get(events.size() - 1));
                List<String> before = events.subList(1, events.size() - 1);
                assertEquals(before, full.subList(1, 1 + before.size()), "prefix of " + n + " bytes");
            }
        }
        assertTrue(complete >= (name.contains("deflated") ? 0 : 3), "only " + complete + " complete prefixes");
    }

    @Test
    void truncationMessageSaysWhere() {
        byte[] input = DicomBytes.explicitLE().string(Tag.PatientName, VR.PN, "Doe^John").toByteArray();
        String message = failure(Arrays.copyOf(input, input.length - 3), dataset());
        assertEquals("truncated: input ends inside the value of (0010,0010), 3 bytes short (at byte 8)", message);
        assertEquals("truncated: input ends inside an element header (at byte 0)",
            failure(Arrays.copyOf(input, 5), dataset()));
        byte[] sequence = DicomBytes.explicitLE().sequence(Tag.ContentSequence, DicomBytes.explicitLE()
            .item(DicomBytes.explicitLE().string(Tag.ValueType, VR.CS, "TEXT").toByteArray()).toByteArray())
            .toByteArray();
        assertMessage("truncated: input ends inside a sequence",
            failure(Arrays.copyOf(sequence, 12), dataset()));
        assertMessage("truncated: input ends inside an item",
            failure(DicomBytes.explicitLE().sequence(Tag.ContentSequence).item().toByteArray(), dataset()));
    }

    // ---------------------------------------------------------------- hostile lengths

    static Stream<Arguments> hostileLengths() {
        return Stream.of(
            Arguments.of("OB of 0xFFFFFFF0 bytes", dataset(),
                DicomBytes.explicitLE().header(0x00091001, VR.OB, 0xFFFFFFF0L)),
            Arguments.of("UT of 60 MiB below a 64 MiB bulk threshold", dataset().bulkThreshold(64 << 20),
                DicomBytes.explicitLE().header(Tag.TextValue, VR.UT, 60 << 20)),
            Arguments.of("LO of 0xFFFF bytes", dataset(), DicomBytes.explicitLE().header(Tag.ProtocolName, VR.LO, 0xFFFF)),
            Arguments.of("implicit VR element of 0xFFFFFFF0 bytes", dataset().datasetSyntax(
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), DicomBytes.implicitLE().header(Tag.PatientName, VR.PN,
                0xFFFFFFF0L)),
            Arguments.of("sequence and item of 0xFFFFFFF0 bytes", dataset(),
                DicomBytes.explicitLE().header(Tag.ContentSequence, VR.SQ, 0xFFFFFFF0L)
                    .delimiterHeader(Tag.Item, 0xFFFFFFE8L).header(0x00091001, VR.OB, 0xFFFFFFD0L)),
            Arguments.of("fragment of 0xFFFFFFF0 bytes", dataset(),
                DicomBytes.explicitLE().header(Tag.PixelData, VR.OB, DicomBytes.UNDEFINED)
                    .delimiterHeader(Tag.Item, 0xFFFFFFF0L)),
            Arguments.of("meta element of 0xFFFF bytes", DicomParserOptions.create(),
                DicomBytes.explicitLE().raw(new byte[128]).ascii("DICM").header(Tag.TransferSyntaxUID, VR.UI, 0xFFFF)));
    }

    /**
     * A 100-byte input whose header claims a huge value fails at finish as truncated, having allocated
     * nothing near that size: the parser keeps only what arrives, and the collector grows with it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLengths")
    void hostileLengthFailsAsTruncatedWithoutAllocating(String name, DicomParserOptions options, DicomBytes header) {
        byte[] input = Arrays.copyOf(header.toByteArray(), Math.max(100, header.size() + 20));
        Arrays.fill(input, header.size(), input.length, (byte) 'A');
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[1];
        String message = null;
        for (int round = 0; round < 3; round++) { // the first rounds load classes and warm up
            DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
            DicomParser parser = new DicomParser(options, collector);
            long before = threads.getCurrentThreadAllocatedBytes();
            parser.feed(Unpooled.wrappedBuffer(input));
            DicomParseException e = assertThrows(DicomParseException.class, parser::finish);
            allocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
            message = e.getMessage();
        }
        assertTrue(message.startsWith("truncated"), message);
        assertTrue(allocated[0] < 16 * 1024, () -> name + ": allocated " + allocated[0] + " bytes for 100 bytes of input");
    }

    // ---------------------------------------------------------------- structure

    @Test
    void valueOverrunningItsItemIsRefused() {
        byte[] item = DicomBytes.explicitLE().string(Tag.ValueType, VR.CS, "TEXT").toByteArray();
        // The item says 6 bytes; its element needs 12.
        byte[] input = DicomBytes.explicitLE().sequence(Tag.ContentSequence).delimiterHeader(Tag.Item, 6).raw(item)
            .itemEnd().sequenceEnd().toByteArray();
        assertMessage("^\\(0040,A040\\) of 4 bytes overruns its enclosing item", failure(input, dataset()));
    }

    @Test
    void itemOverrunningItsSequenceIsRefused() {
        byte[] input = DicomBytes.explicitLE().header(Tag.ContentSequence, VR.SQ, 8)
            .item(DicomBytes.explicitLE().string(Tag.ValueType, VR.CS, "TEXT").toByteArray()).toByteArray();
        assertMessage("overruns its enclosing sequence", failure(input, dataset()));
    }

    @Test
    void headerCrossingTheEndOfItsItemIsRefused() {
        // A 4-byte item holding an 8-byte header with an empty value.
        byte[] input = DicomBytes.explicitLE().sequence(Tag.ContentSequence).delimiterHeader(Tag.Item, 4)
            .header(Tag.ValueType, VR.CS, 0).toByteArray();
        assertMessage("overruns its enclosing item", failure(input, dataset()));
    }

    @Test
    void delimitersOutOfPlaceAreRefused() {
        assertMessage("item \\(FFFE,E000\\) outside a sequence",
            failure(DicomBytes.explicitLE().item().itemEnd().toByteArray(), dataset()));
        assertMessage("item delimiter outside an undefined-length item",
            failure(DicomBytes.explicitLE().itemEnd().toByteArray(), dataset()));
        assertMessage("sequence delimiter outside an undefined-length sequence",
            failure(DicomBytes.explicitLE().sequenceEnd().toByteArray(), dataset()));
        assertMessage("item \\(FFFE,E000\\) outside a sequence", failure(DicomBytes.explicitLE()
            .sequence(Tag.ContentSequence).item().item().toByteArray(), dataset()));
        assertMessage("unexpected delimiter tag \\(FFFE,1234\\)",
            failure(DicomBytes.explicitLE().delimiterHeader(0xFFFE1234, 0).toByteArray(), dataset()));
    }

    @Test
    void elementInASequenceOutsideAnyItemIsRefused() {
        byte[] input = DicomBytes.explicitLE().sequence(Tag.ContentSequence)
            .string(Tag.ValueType, VR.CS, "TEXT").sequenceEnd().toByteArray();
        assertMessage("\\(0040,A040\\) in a sequence outside any item", failure(input, dataset()));
    }

    @Test
    void elementAmongFragmentsIsRefused() {
        byte[] input = DicomBytes.explicitLE().header(Tag.PixelData, VR.OB, DicomBytes.UNDEFINED)
            .item(new byte[0]).string(Tag.ValueType, VR.CS, "TEXT").sequenceEnd().toByteArray();
        assertMessage("\\(0040,A040\\) among the fragments of encapsulated Pixel Data", failure(input, dataset()));
    }

    @Test
    void invalidVrIsRefused() {
        byte[] input = DicomBytes.explicitLE().headerWithVrCode(Tag.PatientName, ('Z' << 8) | 'Z', 0).toByteArray();
        assertEquals("invalid VR \"ZZ\" in (0010,0010) (at byte 0)", failure(input, dataset()));
        byte[] binary = DicomBytes.explicitLE().headerWithVrCode(Tag.PatientName, 0x0102, 0).toByteArray();
        assertMessage("invalid VR 0x0102 in \\(0010,0010\\)", failure(binary, dataset()));
    }

    @Test
    void undefinedLengthInImplicitVrIsRefusedForText() {
        assertMessage("^undefined length is not allowed for LO in \\(0018,1030\\) \\(at byte 0\\)",
            failure(DicomBytes.implicitLE().header(Tag.ProtocolName, VR.LO, DicomBytes.UNDEFINED).toByteArray(),
                dataset().datasetSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)));
    }

    @Test
    void undefinedLengthTextAndFragmentsAreRefused() {
        assertMessage("undefined length is not allowed for UT in \\(0040,A160\\)", failure(DicomBytes.explicitLE()
            .header(Tag.TextValue, VR.UT, DicomBytes.UNDEFINED).toByteArray(), dataset()));
        assertMessage("fragment of undefined length", failure(DicomBytes.explicitLE()
            .header(Tag.PixelData, VR.OB, DicomBytes.UNDEFINED).item().toByteArray(), dataset()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64})
    void nestingDeeperThanMaxDepthIsRefused(int maxDepth) {
        DicomParserOptions options = dataset().maxDepth(maxDepth);
        assertFalse(ParserRuns.whole(DicomParserTest.nested(maxDepth), options).failed());
        assertMessage("sequences nested deeper than " + maxDepth, failure(DicomParserTest.nested(maxDepth + 1), options));
    }

    @Test
    void deeplyNestedHostileInputFailsAtTheDefaultLimit() {
        // 10,000 levels would be 160 KB of input; the default limit stops it at 64 without recursion.
        assertMessage("sequences nested deeper than 64", failure(DicomParserTest.nested(10_000), dataset()));
    }

    // ---------------------------------------------------------------- not DICOM at all

    @Test
    void garbageAfterDicmIsRefused() {
        byte[] input = DicomBytes.concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII),
            "this is no meta information at all, just text".getBytes(StandardCharsets.US_ASCII));
        assertMessage("File Meta Information has no Transfer Syntax UID", failure(input, DicomParserOptions.create()));
        byte[] group2 = DicomBytes.concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII),
            new byte[] {2, 0, 1, 0, '?', '?', 0, 0}, new byte[64]);
        assertMessage("invalid VR \"\\?\\?\" in \\(0002,0001\\)", failure(group2, DicomParserOptions.create()));
    }

    @Test
    void metaWithASequenceOrHugeValueIsRefused() {
        byte[] sequence = DicomBytes.concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII),
            DicomBytes.explicitLE().sequence(0x00020020).sequenceEnd().toByteArray());
        assertMessage("File Meta Information element \\(0002,0020\\) is a sequence or too long",
            failure(sequence, DicomParserOptions.create()));
        byte[] huge = DicomBytes.concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII),
            DicomBytes.explicitLE().header(0x00020001, VR.OB, 1 << 20).toByteArray());
        assertMessage("\\(0002,0001\\) is a sequence or too long \\(1048576 bytes\\)",
            failure(huge, DicomParserOptions.create()));
    }

    @Test
    void notDicomIsRefused() {
        byte[] text = new byte[300];
        Arrays.fill(text, (byte) 'A');
        assertMessage("not DICOM: no Part 10 prefix and no plausible first element",
            failure(text, DicomParserOptions.create()));
        assertMessage("not a DICOM Part 10 file", failure(text, DicomParserOptions.create()
            .input(DicomParserOptions.Input.PART10)));
        assertMessage("not DICOM: input ends before a Part 10 prefix or a first element",
            failure(new byte[] {8, 0, 5}, DicomParserOptions.create()));
        assertMessage("not DICOM", failure(new byte[0], DicomParserOptions.create()));
    }

    @Test
    void corruptDeflatedDataIsRefused() {
        byte[] deflated = DicomBytes.deflate(SampleInputs.richDataset(Encoding.EXPLICIT_LE));
        byte[] corrupt = deflated.clone();
        for (int i = 10; i < corrupt.length; i += 7) {
            corrupt[i] ^= 0x5A;
        }
        byte[] input = DicomBytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(), corrupt);
        Outcome outcome = ParserRuns.whole(input, DicomParserOptions.create());
        assertTrue(outcome.failed(), outcome::toString);
        byte[] cut = DicomBytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            Arrays.copyOf(deflated, deflated.length / 2));
        assertMessage("truncated", failure(cut, DicomParserOptions.create()));
        byte[] zlib = DicomBytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            new byte[] {0x78, (byte) 0x9C, 1, 2, 3, 4, 5, 6, 7, 8});
        assertMessage("corrupt deflated data", failure(zlib, DicomParserOptions.create()));
    }

    @Test
    void failedParserRefusesMoreInput() {
        DicomParser parser = new DicomParser(dataset(), new DatasetCollector(DatasetCollector.BulkValues.KEEP));
        byte[] bad = DicomBytes.explicitLE().itemEnd().toByteArray();
        assertThrows(DicomParseException.class, () -> parser.feed(Unpooled.wrappedBuffer(bad)));
        assertThrows(IllegalStateException.class, () -> parser.feed(Unpooled.wrappedBuffer(bad)));
        assertThrows(IllegalStateException.class, parser::finish);
    }

    @Test
    void dicomFilesReportsTheSameErrors() {
        byte[] input = DicomBytes.part10(EXPLICIT_LE, DicomBytes.explicitLE().itemEnd().toByteArray());
        DicomParseException e = assertThrows(DicomParseException.class,
            () -> DicomFiles.read(new java.io.ByteArrayInputStream(input), DicomParserOptions.create(),
                DatasetCollector.BulkValues.REFERENCE));
        assertEquals(input.length - 8, e.offset());
    }
}
