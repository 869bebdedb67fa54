package io.sagitta.bench.data;

import io.sagitta.core.data.UID;
import java.util.Locale;

/**
 * What each synthetic instance looks like: modality (and with it the SOP class), matrix and bits
 * allocated. {@code CT} is the 512 x 512 16-bit slice, {@code small} the same header over 64 x 64.
 */
public record InstanceShape(String modality, int rows, int columns, int bitsAllocated) {

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
        return modality.equals("MR") ? UID.MRImageStorage : UID.CTImageStorage;
    }

    /** Bytes of Pixel Data: one frame, padded to even length as the standard requires. */
    public int pixelBytes() {
        long bytes = (long) rows * columns * (bitsAllocated / 8);
        return Math.toIntExact(bytes + (bytes & 1));
    }

    @Override
    public String toString() {
        return modality + " " + rows + "x" + columns + "x" + bitsAllocated;
    }
}
