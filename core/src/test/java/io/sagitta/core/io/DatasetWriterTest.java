package io.sagitta.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.ByteOrder;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact encodings worked out by hand from PS3.5 sections 7.1, 7.5 and A.4. Expected bytes
 * are written as hex with ASCII in single quotes: {@code b("10 00 10 00 'PN' 08 00")}.
 */
class DatasetWriterTest {

    private static final TransferSyntax IMPLICIT = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    private static final TransferSyntax EXPLICIT = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final TransferSyntax BIG = TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
    private static final TransferSyntax DEFLATED = TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;

    // ------------------------------------------------------------------ headers and byte order

    private static Dataset nameAndRows() {
        Dataset ds = new Dataset();
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        return ds;
    }

    @Test
    void implicitLittleEndianHasFourByteLengthsAndNoVR() {
        assertBytes("10 00 10 00 08 00 00 00 'Doe^John'"
            + " 28 00 10 00 02 00 00 00 00 02", encode(IMPLICIT, nameAndRows()));
    }

    @Test
    void explicitLittleEndianHasVRAndShortLength() {
        assertBytes("10 00 10 00 'PN' 08 00 'Doe^John'"
            + " 28 00 10 00 'US' 02 00 00 02", encode(EXPLICIT, nameAndRows()));
    }

    @Test
    void explicitBigEndianSwapsTagsLengthsAndNumbers() {
        assertBytes("00 10 00 10 'PN' 00 08 'Doe^John'"
            + " 00 28 00 10 'US' 00 02 02 00", encode(BIG, nameAndRows()));
    }

    @Test
    void longHeaderVRsHaveReservedBytesAndFourByteLength() {
        Dataset ds = new Dataset();
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {1, 2, 3, 4});
        ds.setString(Tag.TextValue, VR.UT, "ab");
        assertBytes("40 00 60 A1 'UT' 00 00 02 00 00 00 'ab'"
            + " 42 00 11 00 'OB' 00 00 04 00 00 00 01 02 03 04", encode(EXPLICIT, ds));
        assertBytes("00 40 A1 60 'UT' 00 00 00 00 00 02 'ab'"
            + " 00 42 00 11 'OB' 00 00 00 00 00 04 01 02 03 04", encode(BIG, ds));
        assertBytes("40 00 60 A1 02 00 00 00 'ab'"
            + " 42 00 11 00 04 00 00 00 01 02 03 04", encode(IMPLICIT, ds));
    }

    @Test
    void bigEndianSwapsEachBinaryUnitAndLeavesBytesAlone() {
        Dataset ds = new Dataset();
        ds.setInt(Tag.SimpleFrameList, VR.UL, 0x01020304);
        ds.setDouble(Tag.TimeRange, VR.FD, 1.0);
        ds.setInt(Tag.TagAngleSecondAxis, VR.SS, -2);
        ds.setBytes(0x00191010, VR.UN, new byte[] {1, 2, 3, 4});
        ds.setInt(Tag.DimensionIndexPointer, VR.AT, Tag.PatientID);
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {1, 2, 3, 4});
        ds.setInt(Tag.PixelData, VR.OW, 0x0102, 0x0304);
        byte[] pixelsBefore = ds.getBytes(Tag.PixelData).clone();

        assertBytes("00 08 11 61 'UL' 00 04 01 02 03 04"
            + " 00 08 11 63 'FD' 00 08 3F F0 00 00 00 00 00 00"
            + " 00 18 92 19 'SS' 00 02 FF FE"
            + " 00 19 10 10 'UN' 00 00 00 00 00 04 01 02 03 04"
            + " 00 20 91 65 'AT' 00 04 00 10 00 20"
            + " 00 42 00 11 'OB' 00 00 00 00 00 04 01 02 03 04"
            + " 7F E0 00 10 'OW' 00 00 00 00 00 04 01 02 03 04", encode(BIG, ds));
        assertArrayEquals(pixelsBefore, ds.getBytes(Tag.PixelData), "the dataset's own bytes are not swapped");
        assertBytes("08 00 61 11 'UL' 04 00 04 03 02 01"
            + " 08 00 63 11 'FD' 08 00 00 00 00 00 00 00 F0 3F"
            + " 18 00 19 92 'SS' 02 00 FE FF"
            + " 19 00 10 10 'UN' 00 00 04 00 00 00 01 02 03 04"
            + " 20 00 65 91 'AT' 04 00 10 00 20 00"
            + " 42 00 11 00 'OB' 00 00 04 00 00 00 01 02 03 04"
            + " E0 7F 10 00 'OW' 00 00 04 00 00 00 02 01 04 03", encode(EXPLICIT, ds));
    }

    // ------------------------------------------------------------------ padding

    @Test
    void oddLengthValuesArePaddedWithTheirVRsPaddingByte() {
        Dataset ds = new Dataset();
        ds.setBytes(Tag.SOPInstanceUID, VR.UI, ascii("1.2.3"));
        ds.setBytes(Tag.PatientID, VR.LO, ascii("ABC"));
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {1, 2, 3});
        assertBytes("08 00 18 00 'UI' 06 00 '1.2.3' 00"
            + " 10 00 20 00 'LO' 04 00 'ABC '"
            + " 42 00 11 00 'OB' 00 00 04 00 00 00 01 02 03 00", encode(EXPLICIT, ds));
        assertBytes("08 00 18 00 06 00 00 00 '1.2.3' 00"
            + " 10 00 20 00 04 00 00 00 'ABC '"
            + " 42 00 11 00 04 00 00 00 01 02 03 00", encode(IMPLICIT, ds));
    }

    @Test
    void valueTooLongForAShortHeaderIsWrittenAsUnknownWithLongHeader() {
        // 16384 UL values are 65536 bytes, more than a 16-bit length can hold (PS3.5 6.2.2, CP-1066).
        int[] frames = new int[16384];
        Arrays.fill(frames, 0x01020304);
        Dataset ds = new Dataset();
        ds.setInt(Tag.SimpleFrameList, VR.UL, frames);
        byte[] littleEndian = ds.getBytes(Tag.SimpleFrameList);

        byte[] explicit = encode(EXPLICIT, ds);
        assertBytes("08 00 61 11 'UN' 00 00 00 00 01 00", Arrays.copyOf(explicit, 12));
        assertArrayEquals(littleEndian, Arrays.copyOfRange(explicit, 12, explicit.length));

        byte[] big = encode(BIG, ds);
        assertBytes("00 08 11 61 'UN' 00 00 00 01 00 00", Arrays.copyOf(big, 12));
        assertArrayEquals(littleEndian, Arrays.copyOfRange(big, 12, big.length), "UN is little endian in every syntax");

        byte[] implicit = encode(IMPLICIT, ds);
        assertBytes("08 00 61 11 00 00 01 00", Arrays.copyOf(implicit, 8));
    }

    @Test
    void valueOfExactly65534BytesKeepsItsShortHeader() {
        Dataset ds = new Dataset();
        byte[] text = new byte[65534];
        Arrays.fill(text, (byte) 'x');
        ds.setBytes(Tag.PatientComments, VR.LT, text);
        assertBytes("10 00 00 40 'LT' FE FF", Arrays.copyOf(encode(EXPLICIT, ds), 8));
    }

    // ------------------------------------------------------------------ sequences

    /** One item with one element, an empty sequence, and a sequence holding one empty item. */
    private static Dataset sequences() {
        Dataset ds = new Dataset();
        ds.newSequence(Tag.ReferencedSeriesSequence).addItem().setString(Tag.SeriesInstanceUID, VR.UI, "1.2");
        ds.newSequence(Tag.SourceImageSequence);
        ds.newSequence(Tag.PurposeOfReferenceCodeSequence).addItem();
        return ds;
    }

    @Test
    void sequencesHaveUndefinedLengthsAndDelimitersByDefault() {
        assertBytes("08 00 15 11 'SQ' 00 00 FF FF FF FF"
            + "   FE FF 00 E0 FF FF FF FF"
            + "     20 00 0E 00 'UI' 04 00 '1.2' 00"
            + "   FE FF 0D E0 00 00 00 00"
            + " FE FF DD E0 00 00 00 00"
            + " 08 00 12 21 'SQ' 00 00 FF FF FF FF FE FF DD E0 00 00 00 00"
            + " 40 00 70 A1 'SQ' 00 00 FF FF FF FF"
            + "   FE FF 00 E0 FF FF FF FF FE FF 0D E0 00 00 00 00"
            + " FE FF DD E0 00 00 00 00", encode(EXPLICIT, sequences()));
    }

    @Test
    void sequencesWithDefinedLengths() {
        DatasetWriterOptions defined = new DatasetWriterOptions().definedLengthSequences(true);
        assertBytes("08 00 15 11 'SQ' 00 00 14 00 00 00"
            + "   FE FF 00 E0 0C 00 00 00"
            + "     20 00 0E 00 'UI' 04 00 '1.2' 00"
            + " 08 00 12 21 'SQ' 00 00 00 00 00 00"
            + " 40 00 70 A1 'SQ' 00 00 08 00 00 00"
            + "   FE FF 00 E0 00 00 00 00", encode(EXPLICIT, defined, sequences()));
        assertBytes("08 00 15 11 14 00 00 00"
            + "   FE FF 00 E0 0C 00 00 00"
            + "     20 00 0E 00 04 00 00 00 '1.2' 00"
            + " 08 00 12 21 00 00 00 00"
            + " 40 00 70 A1 08 00 00 00"
            + "   FE FF 00 E0 00 00 00 00", encode(IMPLICIT, defined, sequences()));
    }

    @Test
    void bigEndianItemTagsAndDelimitersAreSwappedToo() {
        Dataset ds = new Dataset();
        ds.newSequence(Tag.ReferencedSeriesSequence).addItem().setString(Tag.SeriesInstanceUID, VR.UI, "1.2");
        assertBytes("00 08 11 15 'SQ' 00 00 FF FF FF FF"
            + "   FF FE E0 00 FF FF FF FF"
            + "     00 20 00 0E 'UI' 00 04 '1.2' 00"
            + "   FF FE E0 0D 00 00 00 00"
            + " FF FE E0 DD 00 00 00 00", encode(BIG, ds));
    }

    /** Two levels of nesting, with a sibling item after the nested one. */
    private static Dataset nested() {
        Dataset ds = new Dataset();
        Sequence outer = ds.newSequence(Tag.ReferencedSeriesSequence);
        Dataset first = outer.addItem();
        Dataset inner = first.newSequence(Tag.ReferencedImageSequence).addItem();
        inner.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2");
        inner.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
        first.setString(Tag.SeriesInstanceUID, VR.UI, "1.2");
        outer.addItem().setString(Tag.SeriesInstanceUID, VR.UI, "1.2");
        return ds;
    }

    @Test
    void nestedSequencesWithDefinedLengths() {
        // Innermost item: 12 + 14 = 26 (1A); its sequence 8 + 26 = 34 (22), element 12 + 34 = 46;
        // first outer item 46 + 12 = 58 (3A); second 12 (0C); outer sequence 8 + 58 + 8 + 12 = 86 (56).
        assertBytes("08 00 15 11 'SQ' 00 00 56 00 00 00"
            + "   FE FF 00 E0 3A 00 00 00"
            + "     08 00 40 11 'SQ' 00 00 22 00 00 00"
            + "       FE FF 00 E0 1A 00 00 00"
            + "         08 00 50 11 'UI' 04 00 '1.2' 00"
            + "         08 00 55 11 'UI' 06 00 '1.2.3' 00"
            + "     20 00 0E 00 'UI' 04 00 '1.2' 00"
            + "   FE FF 00 E0 0C 00 00 00"
            + "     20 00 0E 00 'UI' 04 00 '1.2' 00",
            encode(EXPLICIT, new DatasetWriterOptions().definedLengthSequences(true), nested()));
    }

    @Test
    void nestedSequencesWithUndefinedLengths() {
        assertBytes("08 00 15 11 'SQ' 00 00 FF FF FF FF"
            + "   FE FF 00 E0 FF FF FF FF"
            + "     08 00 40 11 'SQ' 00 00 FF FF FF FF"
            + "       FE FF 00 E0 FF FF FF FF"
            + "         08 00 50 11 'UI' 04 00 '1.2' 00"
            + "         08 00 55 11 'UI' 06 00 '1.2.3' 00"
            + "       FE FF 0D E0 00 00 00 00"
            + "     FE FF DD E0 00 00 00 00"
            + "     20 00 0E 00 'UI' 04 00 '1.2' 00"
            + "   FE FF 0D E0 00 00 00 00"
            + "   FE FF 00 E0 FF FF FF FF"
            + "     20 00 0E 00 'UI' 04 00 '1.2' 00"
            + "   FE FF 0D E0 00 00 00 00"
            + " FE FF DD E0 00 00 00 00", encode(EXPLICIT, nested()));
    }

    @Test
    void deepNestingGetsEveryDefinedLengthRight() {
        int depth = 300;
        Dataset ds = new Dataset();
        Dataset level = ds;
        for (int i = 0; i < depth; i++) {
            level = level.newSequence(Tag.ReferencedSeriesSequence).addItem();
        }
        level.setInt(Tag.Rows, VR.US, 1);
        byte[] out = encode(EXPLICIT, new DatasetWriterOptions().definedLengthSequences(true), ds);

        // Each level is a 12-byte sequence header and an 8-byte item header; the innermost item holds 10 bytes.
        assertEquals(depth * 20 + 10, out.length);
        for (int i = 0; i < depth; i++) {
            int at = i * 20;
            assertEquals(out.length - at - 12, ByteOrder.getLE(out, at + 8, 4, false), "sequence length at level " + i);
            assertEquals(out.length - at - 20, ByteOrder.getLE(out, at + 16, 4, false), "item length at level " + i);
        }
    }

    // ------------------------------------------------------------------ encapsulated pixel data

    private static Dataset encapsulated() {
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {1, 2, 3});
        fragments.add(new byte[] {4, 5, 6, 7});
        Dataset ds = new Dataset();
        ds.setValue(Tag.PixelData, VR.OB, fragments);
        return ds;
    }

    @Test
    void fragmentsAreItemsWithEvenLengthsThenASequenceDelimiter() {
        assertBytes("E0 7F 10 00 'OB' 00 00 FF FF FF FF"
            + " FE FF 00 E0 00 00 00 00"
            + " FE FF 00 E0 04 00 00 00 01 02 03 00"
            + " FE FF 00 E0 04 00 00 00 04 05 06 07"
            + " FE FF DD E0 00 00 00 00", encode(TransferSyntax.JPEG_BASELINE, encapsulated()));
    }

    @Test
    void fragmentsCannotBeWrittenInImplicitVR() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> encode(IMPLICIT, encapsulated()));
        assertTrue(e.getMessage().contains("(7FE0,0010)") && e.getMessage().contains("implicit"), e.getMessage());
    }

    @Test
    void fragmentsInsideADefinedLengthItemAreMeasured() {
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {1, 2});
        Dataset ds = new Dataset();
        ds.newSequence(Tag.IconImageSequence).addItem().setValue(Tag.PixelData, VR.OB, fragments);
        // Pixel Data: 12 + 8 + 10 + 8 = 38 (26); sequence: 8 + 38 = 46 (2E).
        assertBytes("88 00 00 02 'SQ' 00 00 2E 00 00 00"
            + "   FE FF 00 E0 26 00 00 00"
            + "     E0 7F 10 00 'OB' 00 00 FF FF FF FF"
            + "     FE FF 00 E0 00 00 00 00"
            + "     FE FF 00 E0 02 00 00 00 01 02"
            + "     FE FF DD E0 00 00 00 00",
            encode(TransferSyntax.JPEG_BASELINE, new DatasetWriterOptions().definedLengthSequences(true), ds));
    }

    // ------------------------------------------------------------------ bulk data

    @Test
    void bulkDataWithoutAResolverIsAnErrorNamingTheTag() {
        Dataset ds = new Dataset();
        ds.setValue(Tag.PixelData, VR.OW, BulkData.ofRange(1000, 32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encode(EXPLICIT, ds));
        assertTrue(e.getMessage().contains("(7FE0,0010)"), e.getMessage());
    }

    @Test
    void bulkDataIsWrittenFromTheResolverAndResolvedOnceWhenMeasured() {
        AtomicInteger calls = new AtomicInteger();
        DatasetWriterOptions options = new DatasetWriterOptions().definedLengthSequences(true)
            .bulkDataResolver(bulk -> {
                calls.incrementAndGet();
                return new byte[] {1, 2, 3};
            });
        Dataset ds = new Dataset();
        ds.newSequence(Tag.IconImageSequence).addItem().setValue(Tag.PixelData, VR.OB, BulkData.ofUri("http://x/1"));
        assertBytes("88 00 00 02 'SQ' 00 00 18 00 00 00"
            + "   FE FF 00 E0 10 00 00 00"
            + "     E0 7F 10 00 'OB' 00 00 04 00 00 00 01 02 03 00", encode(EXPLICIT, options, ds));
        assertEquals(1, calls.get());
    }

    @Test
    void resolverReturningNothingIsAnError() {
        Dataset ds = new Dataset();
        ds.setValue(Tag.PixelData, VR.OW, BulkData.ofUri("http://x/1"));
        DatasetWriterOptions options = new DatasetWriterOptions().bulkDataResolver(bulk -> null);
        assertThrows(IllegalArgumentException.class, () -> encode(EXPLICIT, options, ds));
    }

    @Test
    void failedWriteLeavesTheBufferAsItWas() {
        Dataset ds = nameAndRows();
        ds.setValue(Tag.PixelData, VR.OW, BulkData.ofRange(0, 2));
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(new byte[] {9, 9});
            assertThrows(IllegalArgumentException.class, () -> DatasetWriter.create(EXPLICIT).write(ds, buf));
            assertEquals(2, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void elementWithoutVRIsRefusedByTheDataset() {
        // The dataset refuses it up front, so the writer never meets an element without a VR.
        Dataset ds = new Dataset();
        assertThrows(IllegalArgumentException.class, () -> ds.setValue(Tag.PatientID, null, ascii("AB")));
    }

    // ------------------------------------------------------------------ group lengths

    private static Dataset withGroupLengths() {
        Dataset ds = new Dataset();
        ds.setInt(0x00000000, VR.UL, 10);
        ds.setInt(Tag.CommandField, VR.US, 0x0001);
        ds.setInt(0x00080000, VR.UL, 99);
        ds.setString(Tag.Modality, VR.CS, "CT");
        return ds;
    }

    @Test
    void retiredGroupLengthsAreDroppedByDefaultButCommandGroupLengthStays() {
        assertBytes("00 00 00 00 04 00 00 00 0A 00 00 00"
            + " 00 00 00 01 02 00 00 00 01 00"
            + " 08 00 60 00 02 00 00 00 'CT'", encode(IMPLICIT, withGroupLengths()));
    }

    @Test
    void groupLengthsAreKeptAsTheyAreOnRequest() {
        assertBytes("00 00 00 00 04 00 00 00 0A 00 00 00"
            + " 00 00 00 01 02 00 00 00 01 00"
            + " 08 00 00 00 04 00 00 00 63 00 00 00"
            + " 08 00 60 00 02 00 00 00 'CT'",
            encode(IMPLICIT, new DatasetWriterOptions().keepGroupLengths(true), withGroupLengths()));
    }

    // ------------------------------------------------------------------ deflate and streaming

    @Test
    void deflatedIsRawDeflateOfExplicitLittleEndian() throws DataFormatException {
        Dataset ds = nested();
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        byte[] deflated = encode(DEFLATED, ds);
        assertArrayEquals(encode(EXPLICIT, ds), inflate(deflated));
    }

    @Test
    void streamingWritesTheSameBytesAsTheBuffer() throws IOException {
        Dataset ds = nested();
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        byte[] pixels = new byte[100_001];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        for (int i = 0; i < 2000; i++) {
            ds.setString(0x00091000 | i, VR.LO, "value " + i);
        }
        for (TransferSyntax ts : new TransferSyntax[] {IMPLICIT, EXPLICIT, BIG, DEFLATED}) {
            for (boolean defined : new boolean[] {false, true}) {
                DatasetWriter writer = DatasetWriter.create(ts, new DatasetWriterOptions().definedLengthSequences(defined));
                ByteArrayOutputStream streamed = new ByteArrayOutputStream();
                writer.write(ds, streamed);
                assertArrayEquals(writer.toBytes(ds), streamed.toByteArray(), ts + (defined ? " defined" : " undefined"));
            }
        }
    }

    @Test
    void bigEndianStreamingSwapsAcrossChunkBoundaries() throws IOException {
        int[] words = new int[10_000];
        for (int i = 0; i < words.length; i++) {
            words[i] = i;
        }
        Dataset ds = new Dataset();
        ds.setInt(Tag.PixelData, VR.OW, words);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetWriter.create(BIG).write(ds, out);
        byte[] bytes = out.toByteArray();
        for (int i = 0; i < words.length; i++) {
            assertEquals(i, ((bytes[12 + 2 * i] & 0xFF) << 8) | (bytes[13 + 2 * i] & 0xFF));
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] encode(TransferSyntax ts, Dataset ds) {
        return DatasetWriter.create(ts).toBytes(ds);
    }

    static byte[] encode(TransferSyntax ts, DatasetWriterOptions options, Dataset ds) {
        return DatasetWriter.create(ts, options).toBytes(ds);
    }

    static byte[] inflate(byte[] deflated) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated deflate stream");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Hex pairs, spaces ignored; text between single quotes is taken as ASCII. */
    static byte[] b(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < spec.length(); ) {
            char c = spec.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '\'') {
                int end = spec.indexOf('\'', i + 1);
                out.writeBytes(ascii(spec.substring(i + 1, end)));
                i = end + 1;
            } else {
                out.write(Integer.parseInt(spec.substring(i, i + 2), 16));
                i += 2;
            }
        }
        return out.toByteArray();
    }

    /** Compares as hex so that a failure shows where the bytes part. */
    static void assertBytes(String expected, byte[] actual) {
        assertEquals(hex(b(expected)), hex(actual));
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte x : bytes) {
            sb.append(String.format("%02X ", x & 0xFF));
        }
        return sb.toString().trim();
    }
}
