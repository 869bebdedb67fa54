package io.sagitta.bench.data;

import io.sagitta.core.data.UID;
import java.util.Locale;

/**
 * What each synthetic instance looks like: modality (and with it the SOP class), matrix, bits
 * allocated and frames. {@code CT} is the 512 x 512 16-bit slice, {@code small} the same header over
 * 64 x 64. More than one frame makes an Enhanced CT multi-frame instance (CT only), up to the 4 GiB
 * a defined-length Pixel Data can hold.
 */
public record InstanceShape(String modality, int rows, int columns, int bitsAllocated, int frames) {

    /** The largest defined length of an element: 0xFFFFFFFF is "undefined", and lengths are even. */
    static final long MAX_PIXEL_BYTES = 0xFFFFFFFEL;

    public InstanceShape(String modality, int rows, int columns, int bitsAllocated) {
        this(modality, rows, columns, bitsAllocated, 1);
    }

    public InstanceShape {
        if (!modality.equals("CT") && !modality.equals("MR")) {
            throw new IllegalArgumentException("modality must be CT or MR, not " + modality);
        }
        if (rows < 1 || rows > 65535 || columns < 1 || columns > 65535) {
            throw new IllegalArgumentException("rows and columns must be 1..65535");
        }
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new IllegalArgumentException("bits must be 8 or 16, not " + bitsAllocated);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be at least 1");
        }
        if (frames > 1 && !modality.equals("CT")) {
            throw new IllegalArgumentException("multi-frame instances are Enhanced CT: use --modality CT or small");
        }
        long frameBytes = (long) rows * columns * (bitsAllocated / 8);
        if (frames > 1 && (frameBytes & 1) != 0) {
            throw new IllegalArgumentException("a multi-frame instance needs frames of even length (rows x columns x bytes)");
        }
        if (frameBytes * frames > MAX_PIXEL_BYTES) {
            throw new IllegalArgumentException("Pixel Data over 4 GiB cannot have a defined length");
        }
    }

    /** {@code CT} (512 x 512 x 16), {@code MR} (256 x 256 x 16) or {@code small} (CT, 64 x 64 x 16). */
    public static InstanceShape preset(String name) {
        switch (name.toUpperCase(Locale.ROOT)) {
            case "CT":
                return new InstanceShape("CT", 512, 512, 16);
            case "MR":
                return new InstanceShape("MR", 256, 256, 16);
            case "SMALL":
                return new InstanceShape("CT", 64, 64, 16);
            default:
                throw new IllegalArgumentException("modality must be CT, MR or small, not " + name);
        }
    }

    public String sopClassUid() {
        return frames > 1 ? UID.EnhancedCTImageStorage : modality.equals("MR") ? UID.MRImageStorage : UID.CTImageStorage;
    }

    /** The same shape with {@code n} frames. */
    public InstanceShape withFrames(int n) {
        return new InstanceShape(modality, rows, columns, bitsAllocated, n);
    }

    /** Bytes of one frame as stored: a single frame is padded to even length as the standard requires. */
    public int frameBytes() {
        long bytes = (long) rows * columns * (bitsAllocated / 8);
        return Math.toIntExact(bytes + (bytes & 1));
    }

    /** Bytes of Pixel Data, all frames. */
    public long pixelBytes() {
        return (long) frameBytes() * frames;
    }

    @Override
    public String toString() {
        return modality + " " + rows + "x" + columns + "x" + bitsAllocated + (frames > 1 ? " x " + frames + " frames" : "");
    }
}
