package io.sagitta.dicomweb.wado;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import java.util.List;

/**
 * Where an instance's Pixel Data lies in its blob, and the attributes that describe its pixels,
 * found by {@link PixelDataLocator}.
 *
 * @param syntax          the transfer syntax of the stored dataset
 * @param image           the top-level image attributes (Image Pixel, Modality LUT, VOI LUT, frame
 *                        and offset table attributes; see {@link PixelDataLocator#IMAGE_TAGS}) as stored
 * @param encapsulated    whether the Pixel Data is encapsulated (fragments) rather than native
 * @param offset          native: the first byte of the value in the blob
 * @param length          native: the value length
 * @param fragments       encapsulated: the fragments in order, the Basic Offset Table (possibly empty) first
 * @param extendedOffsets encapsulated: the Extended Offset Table's bytes (64-bit offsets), or null
 * @param extendedLengths encapsulated: the Extended Offset Table Lengths' bytes, or null
 */
public record PixelDataLayout(TransferSyntax syntax, Dataset image, boolean encapsulated, long offset, long length,
                              List<Fragment> fragments, byte[] extendedOffsets, byte[] extendedLengths) {

    /** Stands for "fewer than two bytes" in {@link Fragment#head()}. */
    public static final int NO_HEAD = -1;

    /**
     * One fragment: its value's first byte in the blob, its length, and its first two bytes as an
     * unsigned big-endian number ({@code 0xFFD8} for a JPEG SOI, {@code 0xFF4F} for a JPEG 2000 SOC),
     * {@link #NO_HEAD} when shorter.
     */
    public record Fragment(long offset, long length, int head) {
    }

    public int rows() {
        return image.getInt(Tag.Rows, 0);
    }

    public int columns() {
        return image.getInt(Tag.Columns, 0);
    }

    public int samplesPerPixel() {
        return image.getInt(Tag.SamplesPerPixel, 1);
    }

    public int bitsAllocated() {
        return image.getInt(Tag.BitsAllocated, 0);
    }

    /** Number of Frames, 1 when absent or empty. */
    public int numberOfFrames() {
        return Math.max(1, image.getInt(Tag.NumberOfFrames, 1));
    }

    /** Bytes per native frame; 0 if the attributes do not allow whole-byte frames. */
    public long frameSize() {
        if (bitsAllocated() % 8 != 0) {
            return 0;
        }
        return (long) rows() * columns() * samplesPerPixel() * (bitsAllocated() / 8);
    }
}
