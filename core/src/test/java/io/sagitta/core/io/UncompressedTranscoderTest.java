package io.sagitta.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.json.DicomJsonWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every uncompressed source syntax to both little endian targets, fed in chunks small and odd enough to split
 * headers, values and the units of big endian numbers: the result parses to the same data set as the data set
 * written directly in the target syntax.
 */
class UncompressedTranscoderTest {

    private static final TransferSyntax ILE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    private static final TransferSyntax ELE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final TransferSyntax EBE = TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;

    static List<Arguments> pairs() {
        return List.of(Arguments.of(ILE, ELE, 1), Arguments.of(ILE, ELE, 7), Arguments.of(ELE, ILE, 5),
            Arguments.of(EBE, ILE, 3), Arguments.of(EBE, ELE, 1), Arguments.of(EBE, ELE, 4096),
            Arguments.of(ELE, ELE, 13), Arguments.of(ILE, ILE, 11));
    }

    /** An image with numbers of every unit size, a nested sequence and 16-bit Pixel Data. */
    static Dataset image() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.99");
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        ds.setDouble(Tag.PatientWeight, VR.DS, 71.5);
        Sequence codes = ds.newSequence(Tag.ReferencedSeriesSequence);
        Dataset item = codes.addItem();
        item.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.99.1");
        item.setInt(Tag.ReferencedFrameNumber, VR.IS, 2);
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 3);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.SmallestImagePixelValue, VR.US, 1);
        ds.setLong(Tag.SimpleFrameList, VR.UL, 1, 70000);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.5, 0.5);
        byte[] pixels = new byte[4 * 3 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7 + 1);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    @ParameterizedTest(name = "{0} to {1} in chunks of {2}")
    @MethodSource("pairs")
    void transcodedParsesToTheSameDataSet(TransferSyntax from, TransferSyntax to, int chunk) {
        Dataset original = image();
        byte[] out = transcode(UncompressedTranscoder.ofDataset(from, to, ByteBufAllocator.DEFAULT),
            DatasetWriter.create(from).toBytes(original), chunk);
        assertEquals(json(DatasetWriter.create(to).toBytes(original), to), json(out, to));
    }

    @Test
    void flatDataSetComesOutAsTheWriterWouldWriteIt() {
        Dataset flat = new Dataset();
        flat.setString(Tag.PatientName, VR.PN, "Doe^John");
        flat.setInt(Tag.Rows, VR.US, 512);
        flat.setLong(Tag.SimpleFrameList, VR.UL, 1, 70000);
        assertArrayEquals(DatasetWriter.create(ILE).toBytes(flat), transcode(
            UncompressedTranscoder.ofDataset(EBE, ILE, ByteBufAllocator.DEFAULT), DatasetWriter.create(EBE).toBytes(flat), 3));
        assertArrayEquals(DatasetWriter.create(ELE).toBytes(flat), transcode(
            UncompressedTranscoder.ofDataset(ILE, ELE, ByteBufAllocator.DEFAULT), DatasetWriter.create(ILE).toBytes(flat), 2));
    }

    @Test
    void groupLengthsAreDropped() {
        Dataset ds = new Dataset();
        ds.setLong(0x00100000, VR.UL, 16);
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        Dataset expected = new Dataset();
        expected.setString(Tag.PatientName, VR.PN, "Doe^John");
        assertArrayEquals(DatasetWriter.create(ILE).toBytes(expected), transcode(
            UncompressedTranscoder.ofDataset(ELE, ILE, ByteBufAllocator.DEFAULT), DatasetWriter.create(ELE).toBytes(ds), 64));
    }

    @Test
    void whichPairs() {
        assertTrue(UncompressedTranscoder.canTranscode(EBE.uid(), ILE.uid()));
        assertTrue(UncompressedTranscoder.canTranscode(ILE.uid(), ELE.uid()));
        assertFalse(UncompressedTranscoder.canTranscode(ILE.uid(), EBE.uid()));
        assertFalse(UncompressedTranscoder.canTranscode(TransferSyntax.RLE_LOSSLESS.uid(), ILE.uid()));
        assertFalse(UncompressedTranscoder.canTranscode(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(), ELE.uid()));
        assertThrows(IllegalArgumentException.class,
            () -> UncompressedTranscoder.ofDataset(ILE, EBE, ByteBufAllocator.DEFAULT));
    }

    @Test
    void truncatedInputFailsAtTheEnd() {
        byte[] whole = DatasetWriter.create(ELE).toBytes(image());
        UncompressedTranscoder t = UncompressedTranscoder.ofDataset(ELE, ILE, ByteBufAllocator.DEFAULT);
        ByteBuf in = Unpooled.wrappedBuffer(whole, 0, whole.length - 5);
        t.feed(in).release();
        in.release();
        assertThrows(DicomParseException.class, t::finish);
        t.close();
    }

    private static byte[] transcode(UncompressedTranscoder transcoder, byte[] input, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (transcoder) {
            for (int at = 0; at < input.length; at += chunk) {
                ByteBuf in = Unpooled.wrappedBuffer(input, at, Math.min(chunk, input.length - at));
                ByteBuf got = transcoder.feed(in);
                in.release();
                out.writeBytes(ByteBufUtil.getBytes(got));
                got.release();
            }
            ByteBuf rest = transcoder.finish();
            out.writeBytes(ByteBufUtil.getBytes(rest));
            rest.release();
        }
        return out.toByteArray();
    }

    private static String json(byte[] dataset, TransferSyntax syntax) {
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
        DicomParser parser = new DicomParser(DicomParserOptions.create().input(DicomParserOptions.Input.DATASET)
            .datasetSyntax(syntax), collector);
        ByteBuf in = Unpooled.wrappedBuffer(dataset);
        parser.feed(in);
        in.release();
        parser.finish();
        return DicomJsonWriter.create().toJson(collector.dataset());
    }
}
