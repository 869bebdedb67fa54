package io.sagitta.core.data;

/**
 * Value Representations (PS3.5 section 6.2) and the behaviour that follows from each one.
 *
 * <p>The enum carries what the codec needs to know without a switch elsewhere: how the explicit
 * VR header is laid out, how a value is padded, how many bytes a binary unit has (for byte
 * swapping), whether the value is text decoded with the Specific Character Set, and how the value
 * appears in the DICOM JSON model.
 */
public enum VR {
    AE(Kind.STRING, false, ' ', 0, false),
    AS(Kind.STRING, false, ' ', 0, false),
    AT(Kind.BINARY, false, 0, 2, false),
    CS(Kind.STRING, false, ' ', 0, false),
    DA(Kind.STRING, false, ' ', 0, false),
    DS(Kind.STRING, false, ' ', 0, false),
    DT(Kind.STRING, false, ' ', 0, false),
    FD(Kind.BINARY, false, 0, 8, false),
    FL(Kind.BINARY, false, 0, 4, false),
    IS(Kind.STRING, false, ' ', 0, false),
    LO(Kind.STRING, false, ' ', 0, true),
    LT(Kind.TEXT, false, ' ', 0, true),
    OB(Kind.BULK, true, 0, 1, false),
    OD(Kind.BULK, true, 0, 8, false),
    OF(Kind.BULK, true, 0, 4, false),
    OL(Kind.BULK, true, 0, 4, false),
    OV(Kind.BULK, true, 0, 8, false),
    OW(Kind.BULK, true, 0, 2, false),
    PN(Kind.STRING, false, ' ', 0, true),
    SH(Kind.STRING, false, ' ', 0, true),
    SL(Kind.BINARY, false, 0, 4, false),
    SQ(Kind.SEQUENCE, true, 0, 0, false),
    SS(Kind.BINARY, false, 0, 2, false),
    ST(Kind.TEXT, false, ' ', 0, true),
    SV(Kind.BINARY, true, 0, 8, false),
    TM(Kind.STRING, false, ' ', 0, false),
    UC(Kind.STRING, true, ' ', 0, true),
    UI(Kind.STRING, false, 0, 0, false),
    UL(Kind.BINARY, false, 0, 4, false),
    UN(Kind.BULK, true, 0, 1, false),
    UR(Kind.TEXT, true, ' ', 0, false),
    US(Kind.BINARY, false, 0, 2, false),
    UT(Kind.TEXT, true, ' ', 0, true),
    UV(Kind.BINARY, true, 0, 8, false);

    /** What sort of value a VR holds; drives decoding, JSON and the writer. */
    public enum Kind {
        /** Backslash-separated character values (AE, CS, DA, PN, UI, ...). */
        STRING,
        /** A single character value that may contain backslashes (LT, ST, UT, UR). */
        TEXT,
        /** Fixed-size binary numbers (US, SL, FD, AT, ...). */
        BINARY,
        /** Opaque bytes, possibly large (OB, OW, UN, ...). */
        BULK,
        /** A sequence of items. */
        SEQUENCE
    }

    private static final VR[] BY_CODE = new VR[1 << 16];

    static {
        for (VR vr : values()) {
            BY_CODE[vr.code] = vr;
        }
    }

    private final Kind kind;
    private final boolean longHeader;
    private final int paddingByte;
    private final int unitSize;
    private final boolean charsetDependent;
    /** The two ASCII characters as one big-endian 16-bit number, as they appear on the wire. */
    public final int code;

    VR(Kind kind, boolean longHeader, int paddingByte, int unitSize, boolean charsetDependent) {
        this.kind = kind;
        this.longHeader = longHeader;
        this.paddingByte = paddingByte;
        this.unitSize = unitSize;
        this.charsetDependent = charsetDependent;
        this.code = (name().charAt(0) << 8) | name().charAt(1);
    }

    /** The VR for the two bytes found in an explicit VR header, or {@code null} if they name none. */
    public static VR ofCode(int code) {
        return BY_CODE[code & 0xFFFF];
    }

    /** The VR named by a string such as {@code "PN"}, or {@code null}. */
    public static VR ofName(String name) {
        if (name == null || name.length() != 2) {
            return null;
        }
        return ofCode((name.charAt(0) << 8) | name.charAt(1));
    }

    public Kind kind() {
        return kind;
    }

    /**
     * True when the explicit VR header is 12 bytes (VR, two reserved bytes, 32-bit length), false
     * when it is 8 bytes with a 16-bit length (PS3.5 section 7.1.2).
     */
    public boolean hasLongHeader() {
        return longHeader;
    }

    /** The byte that pads a value to even length: space for text, NUL for UI and binary. */
    public int paddingByte() {
        return paddingByte;
    }

    /** Bytes per binary unit, the unit of byte swapping; 0 for character VRs and SQ. */
    public int unitSize() {
        return unitSize;
    }

    /** True when the value is text decoded with the Specific Character Set (SH, LO, PN, ...). */
    public boolean isCharsetDependent() {
        return charsetDependent;
    }

    public boolean isString() {
        return kind == Kind.STRING || kind == Kind.TEXT;
    }

    public boolean isBinaryNumber() {
        return kind == Kind.BINARY;
    }

    public boolean isBulk() {
        return kind == Kind.BULK;
    }

    /** True when a DICOM JSON value of this VR is a JSON number (PS3.18 F.2.3). */
    public boolean isJsonNumber() {
        switch (this) {
            case DS: case FL: case FD: case IS: case SL: case SS: case UL: case US: case SV: case UV:
                return true;
            default:
                return false;
        }
    }

    /** True when a DICOM JSON value of this VR is InlineBinary or BulkDataURI (PS3.18 F.2.7). */
    public boolean isJsonBinary() {
        return kind == Kind.BULK;
    }
}
