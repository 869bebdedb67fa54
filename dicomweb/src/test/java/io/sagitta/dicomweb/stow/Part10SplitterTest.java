package io.sagitta.dicomweb.stow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.dicomweb.Instances;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Part10SplitterTest {

    static final io.sagitta.core.data.Dataset DATASET =
        Instances.instance("Doe^J", "P", "1.2.3", "20240101", "1.2.3.4", 1, "CT", "1.2.3.4.5", 1);
    static final byte[] FILE = Part10Writer.create().toBytes(DATASET, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);

    /** Splits {@code in} fed in chunks cut at every {@code step} bytes; dataset bytes, or null if incomplete. */
    static byte[] split(byte[] in, int step, String[] uids) {
        Part10Splitter splitter = new Part10Splitter();
        Buffer dataset = null;
        for (int at = 0; at < in.length; at += step) {
            Buffer chunk = Buffer.buffer().appendBytes(in, at, Math.min(step, in.length - at));
            if (dataset != null) {
                dataset.appendBuffer(chunk);
                continue;
            }
            Part10Splitter.Split s = splitter.feed(chunk);
            if (s != null) {
                uids[0] = s.sopClassUid();
                uids[1] = s.sopInstanceUid();
                uids[2] = s.syntax().uid();
                dataset = s.carried().appendBuffer(s.rest());
            }
        }
        return dataset == null ? null : dataset.getBytes();
    }

    @Test
    void everyChunkSize() {
        byte[] expected = DatasetWriter.create(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).toBytes(DATASET);
        for (int step = 1; step <= FILE.length; step += step < 300 ? 1 : 97) {
            String[] uids = new String[3];
            assertArrayEquals(expected, split(FILE, step, uids), "step " + step);
            assertEquals("1.2.3.4.5", uids[1]);
            assertEquals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), uids[2]);
        }
    }

    /** The dataset's first element header is read to see that the meta group ended: only what earlier chunks held of it is carried. */
    @Test
    void datasetStartingInTheChunkIsOneSlice() {
        byte[] expected = DatasetWriter.create(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).toBytes(DATASET);
        int datasetStart = FILE.length - expected.length;

        Part10Splitter.Split whole = new Part10Splitter().feed(Buffer.buffer(FILE));
        assertEquals(0, whole.carried().length());
        assertArrayEquals(expected, whole.rest().getBytes());

        for (int cut = datasetStart + 1; cut < datasetStart + 8; cut++) {
            Part10Splitter splitter = new Part10Splitter();
            assertEquals(null, splitter.feed(Buffer.buffer(Arrays.copyOf(FILE, cut))));
            Part10Splitter.Split split = splitter.feed(Buffer.buffer(Arrays.copyOfRange(FILE, cut, FILE.length)));
            assertEquals(cut - datasetStart, split.carried().length(), "cut " + cut);
            assertArrayEquals(expected, split.carried().copy().appendBuffer(split.rest()).getBytes(), "cut " + cut);
        }
    }

    /** FILE with a Private Information (0002,0102) OB of {@code size} bytes at the end of its meta group. */
    static byte[] withPrivateInformation(int size) {
        int datasetStart = FILE.length - DatasetWriter.create(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).toBytes(DATASET).length;
        byte[] element = new byte[12 + size];
        byte[] head = {0x02, 0x00, 0x02, 0x01, 'O', 'B', 0, 0, (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)};
        System.arraycopy(head, 0, element, 0, head.length);
        Arrays.fill(element, 12, element.length, (byte) 0x5A);
        byte[] out = new byte[FILE.length + element.length];
        System.arraycopy(FILE, 0, out, 0, datasetStart);
        System.arraycopy(element, 0, out, datasetStart, element.length);
        System.arraycopy(FILE, datasetStart, out, datasetStart + element.length, FILE.length - datasetStart);
        return out;
    }

    /** The meta group is held in a buffer that grows from a few hundred bytes up to the limit, and no further. */
    @Test
    void largeMetaGroupUpToTheLimit() {
        byte[] expected = DatasetWriter.create(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).toBytes(DATASET);
        byte[] large = withPrivateInformation(40_000);
        for (int step : new int[] {1000, 4096, 65536, large.length}) {
            String[] uids = new String[3];
            assertArrayEquals(expected, split(large, step, uids), "step " + step);
            assertEquals("1.2.3.4.5", uids[1]);
        }
        byte[] tooLarge = withPrivateInformation(Part10Splitter.MAX_META_BYTES);
        DicomParseException e = assertThrows(DicomParseException.class, () -> split(tooLarge, 8192, new String[3]));
        assertTrue(e.getMessage().contains("File Meta Information"), e.getMessage());
    }

    @Test
    void notPart10() {
        byte[] noDicm = FILE.clone();
        noDicm[128] = 'X';
        assertThrows(DicomParseException.class, () -> split(noDicm, 1000, new String[3]));
        Part10Splitter truncated = new Part10Splitter();
        truncated.feed(Buffer.buffer(Arrays.copyOf(FILE, 150)));
        assertThrows(DicomParseException.class, truncated::finish);
    }

    /** Any bytes: a split, "need more", or DicomParseException; never anything else, never more than the limit held. */
    static void property(byte[] input, int step) {
        try {
            split(input, Math.max(1, step), new String[3]);
        } catch (DicomParseException expected) {
            // not a Part 10 header
        }
    }

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] input) {
        property(input, 7);
    }

    @Test
    void mutationsOfAValidHeader() {
        Random random = new Random(1123);
        for (int round = 0; round < 20_000; round++) {
            byte[] in = Arrays.copyOf(FILE, 400);
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                in[128 + random.nextInt(in.length - 128)] = (byte) random.nextInt(256);
            }
            property(in, 1 + random.nextInt(64));
        }
    }
}
