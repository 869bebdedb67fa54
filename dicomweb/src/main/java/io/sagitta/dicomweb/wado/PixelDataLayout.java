package io.sagitta.dicomweb.wado;

import java.util.List;

/**
 * Where an instance's Pixel Data lies in its blob, found by {@link PixelDataLocator}.
 *
 * @param encapsulated whether the Pixel Data is encapsulated (fragments) rather than native
 * @param offset       native: the first byte of the value in the blob
 * @param length       native: the value length
 * @param fragments    encapsulated: the fragments in order, the Basic Offset Table (possibly empty) first
 */
record PixelDataLayout(int rows, int columns, int samplesPerPixel, int bitsAllocated, int numberOfFrames,
                       boolean encapsulated, long offset, long length, List<Fragment> fragments) {

    /** One fragment: its value's first byte in the blob and its length. */
    record Fragment(long offset, long length) {
    }

    /** Bytes per native frame; 0 if the attributes do not allow whole-byte frames. */
    long frameSize() {
        if (bitsAllocated % 8 != 0) {
            return 0;
        }
        return (long) rows * columns * samplesPerPixel * (bitsAllocated / 8);
    }
}
