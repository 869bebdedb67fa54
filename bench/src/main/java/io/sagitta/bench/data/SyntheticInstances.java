package io.sagitta.bench.data;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetWriterOptions;
import io.sagitta.core.io.Part10Writer;
import java.util.SplittableRandom;

/**
 * Deterministic Part 10 instances (explicit VR little endian, defined-length sequences and items)
 * for benchmarks and their tests, written by core's {@link Part10Writer}. Each call encodes
 * afresh; callers keep the bytes they need.
 */
public final class SyntheticInstances {

    /** The one seed behind every UID, private blob and pixel, so runs are comparable. */
    public static final long SEED = 0x5A6177A1L;

    /** Frames of {@link Kind#MULTI_FRAME}: 100 frames of 512 x 512 x 16 bits, about 50 MiB. */
    public static final int MULTI_FRAME_FRAMES = 100;

    /** Room for the preamble, the File Meta Information and a header, so the buffer does not grow. */
    private static final int HEADER_ROOM = 64 * 1024;

    /** Defined lengths, as many modalities send them: a reader can skip a sequence without parsing it. */
    private static final Part10Writer WRITER =
        Part10Writer.create(new DatasetWriterOptions().definedLengthSequences(true));

    /** The instances the benchmarks parse. */
    public enum Kind {
        /** A 512 x 512 16-bit CT slice: about 130 header elements, then 512 KiB of Pixel Data. */
        CT,
        /** The same header over a 64 x 64 slice: 8 KiB of Pixel Data. */
        SMALL,
        /** A multi-frame CT-like instance of {@link #MULTI_FRAME_FRAMES} 512 x 512 frames. */
        MULTI_FRAME;

        public byte[] encode() {
            switch (this) {
                case CT:
                    return ct(512, 512);
                case SMALL:
                    return ct(64, 64);
                default:
                    return multiFrame(512, 512, MULTI_FRAME_FRAMES);
            }
        }
    }

    private SyntheticInstances() {
    }

    public static byte[] ct(int rows, int columns) {
        return encode(CtHeader.ctImage(rows, columns), pixels(rows, columns, 1));
    }

    public static byte[] multiFrame(int rows, int columns, int frames) {
        return encode(CtHeader.multiFrame(rows, columns, frames), pixels(rows, columns, frames));
    }

    /** The header with its Pixel Data (OW) as a Part 10 file. */
    private static byte[] encode(Dataset header, byte[] pixels) {
        header.setBytes(Tag.PixelData, VR.OW, pixels);
        ByteBuf out = Unpooled.buffer(HEADER_ROOM + pixels.length);
        try {
            WRITER.write(header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /**
     * CT-like 12-bit frames (stored value = HU + 1024), little endian: air around an elliptic body
     * of soft tissue with a little noise and a ring of bone. One noise stream runs through all
     * frames, so each frame differs from the others.
     */
    static byte[] pixels(int rows, int columns, int frames) {
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(rows * columns, 2), frames)];
        SplittableRandom noise = new SplittableRandom(SEED);
        double cy = rows / 2.0;
        double cx = columns / 2.0;
        int at = 0;
        for (int frame = 0; frame < frames; frame++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    double dy = (y - cy) / (rows * 0.38);
                    double dx = (x - cx) / (columns * 0.45);
                    double r = dx * dx + dy * dy;
                    int value = r > 1 ? 0 : r > 0.85 ? 1900 + noise.nextInt(200) : 1064 + noise.nextInt(40);
                    out[at++] = (byte) value;
                    out[at++] = (byte) (value >>> 8);
                }
            }
        }
        return out;
    }
}
