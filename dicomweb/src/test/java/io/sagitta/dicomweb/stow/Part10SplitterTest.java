package io.sagitta.dicomweb.stow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
