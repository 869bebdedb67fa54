package io.sagitta.core.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a dataset is encoded on the wire (PS3.5 section 10): explicit or implicit VR, byte order,
 * deflate, and whether Pixel Data is encapsulated.
 *
 * <p>Every transfer syntax the codec can read is described here. Unknown UIDs are taken to be
 * explicit VR little endian with encapsulated Pixel Data, which is what every compressed transfer
 * syntax in the standard is; that is how the archive keeps bytes it cannot decompress.
 */
public final class TransferSyntax {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
        new TransferSyntax("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
        new TransferSyntax("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
        new TransferSyntax("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
        new TransferSyntax("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);
    public static final TransferSyntax ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN =
        new TransferSyntax("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian",
            true, false, false, true);
    public static final TransferSyntax RLE_LOSSLESS =
        new TransferSyntax("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, true);
    public static final TransferSyntax JPEG_BASELINE =
        new TransferSyntax("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, true);
    public static final TransferSyntax JPEG_EXTENDED =
        new TransferSyntax("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, true);
    public static final TransferSyntax JPEG_LOSSLESS_SV1 =
        new TransferSyntax("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction",
            true, false, false, true);

    private static final Map<String, TransferSyntax> KNOWN = new ConcurrentHashMap<>();

    static {
        for (TransferSyntax ts : new TransferSyntax[] {
            IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_BIG_ENDIAN, ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN, RLE_LOSSLESS,
            JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS_SV1}) {
            KNOWN.put(ts.uid, ts);
        }
    }

    private final String uid;
    private final String name;
    private final boolean explicitVR;
    private final boolean bigEndian;
    private final boolean deflated;
    private final boolean encapsulated;

    private TransferSyntax(String uid, String name, boolean explicitVR, boolean bigEndian, boolean deflated,
                           boolean encapsulated) {
        this.uid = uid;
        this.name = name;
        this.explicitVR = explicitVR;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.encapsulated = encapsulated;
    }

    /**
     * The transfer syntax with this UID. UIDs not listed above are compressed syntaxes as far as
     * the codec is concerned: explicit VR little endian, encapsulated Pixel Data.
     */
    public static TransferSyntax of(String uid) {
        String key = uid.trim();
        TransferSyntax ts = KNOWN.get(key);
        if (ts != null) {
            return ts;
        }
        return new TransferSyntax(key, key, true, false, false, true);
    }

    /** True for the three uncompressed syntaxes whose Pixel Data is native (not encapsulated). */
    public boolean isNative() {
        return !encapsulated;
    }

    public String uid() {
        return uid;
    }

    public String name() {
        return name;
    }

    public boolean explicitVR() {
        return explicitVR;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean deflated() {
        return deflated;
    }

    public boolean encapsulated() {
        return encapsulated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransferSyntax && ((TransferSyntax) o).uid.equals(uid);
    }

    @Override
    public int hashCode() {
        return uid.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
