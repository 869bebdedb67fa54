package io.sagitta.bench.data;

import java.util.SplittableRandom;

/**
 * Deterministic Part 10 instances (explicit VR little endian) for benchmarks and their tests. Each
 * call encodes afresh; callers keep the bytes they need.
 */
public final class SyntheticInstances {

    /** The one seed behind every UID, private blob and pixel, so runs are comparable. */
    public static final long SEED = 0x5A6177A1L;

    /** Frames of {@link Kind#MULTI_FRAME}: 100 frames of 512 x 512 x 16 bits, about 50 MiB. */
    public static final int MULTI_FRAME_FRAMES = 100;

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
        return Part10Encoder.encode(CtHeader.ctImage(rows, columns), rows * columns * 2, pixels(rows, columns));
    }

    public static byte[] multiFrame(int rows, int columns, int frames) {
        return Part10Encoder.encode(CtHeader.multiFrame(rows, columns, frames),
            Math.multiplyExact(rows * columns * 2, frames), pixels(rows, columns));
    }

    /**
     * CT-like 12-bit frames (stored value = HU + 1024): air around an elliptic body of soft tissue
     * with a little noise and a ring of bone. Frames follow one another in the same buffer.
     */
    static Part10Encoder.PixelSource pixels(int rows, int columns) {
        return (out, offset, length) -> {
            SplittableRandom noise = new SplittableRandom(SEED);
            double cy = rows / 2.0;
            double cx = columns / 2.0;
            int frameBytes = rows * columns * 2;
            for (int frame = 0; frame * frameBytes < length; frame++) {
                int at = offset + frame * frameBytes;
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
        };
    }
}
