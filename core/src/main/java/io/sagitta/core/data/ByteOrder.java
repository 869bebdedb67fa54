package io.sagitta.core.data;

/** Little-endian reads and writes on byte arrays, and in-place swapping of big-endian units. */
public final class ByteOrder {

    private ByteOrder() {
    }

    public static long getLE(byte[] b, int offset, int size, boolean signed) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        if (signed && size < 8) {
            int shift = 64 - size * 8;
            v = (v << shift) >> shift;
        }
        return v;
    }

    public static void putLE(byte[] b, int offset, int size, long v) {
        for (int i = 0; i < size; i++) {
            b[offset + i] = (byte) (v >>> (8 * i));
        }
    }

    public static void putShortLE(byte[] b, int offset, int v) {
        b[offset] = (byte) v;
        b[offset + 1] = (byte) (v >>> 8);
    }

    /** Reverses the bytes of every {@code unit}-byte group in place; a trailing partial unit is left as is. */
    public static void swap(byte[] b, int offset, int length, int unit) {
        if (unit < 2) {
            return;
        }
        int end = offset + length - length % unit;
        for (int i = offset; i < end; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }
}
