package io.sagitta.core.charset;

import java.util.function.Supplier;

/**
 * A graphic character set that ISO 2022 designates into G0 or G1 with an escape sequence, as
 * listed for DICOM in PS3.3 C.12.1.1.2 (tables C.12-3 and C.12-4).
 *
 * <p>Each element names its ISO 2022 shape and final byte; the escape sequence follows from them
 * and from the register. DICOM gives every element one register (its "home"), which is where the
 * encoder designates it; the decoder accepts any register the escape sequence names.
 */
enum CodeElement {
    ASCII(Shape.SET_94, 'B', 0, CodeTable::ascii),
    JIS_X0201_ROMAN(Shape.SET_94, 'J', 0, CodeTable::jisRoman),
    JIS_X0201_KATAKANA(Shape.SET_94, 'I', 1, CodeTable::jisKatakana),
    LATIN_1(Shape.SET_96, 'A', 1, () -> CodeTable.upperHalfOf("ISO-8859-1")),
    LATIN_2(Shape.SET_96, 'B', 1, () -> CodeTable.upperHalfOf("ISO-8859-2")),
    LATIN_3(Shape.SET_96, 'C', 1, () -> CodeTable.upperHalfOf("ISO-8859-3")),
    LATIN_4(Shape.SET_96, 'D', 1, () -> CodeTable.upperHalfOf("ISO-8859-4")),
    CYRILLIC(Shape.SET_96, 'L', 1, () -> CodeTable.upperHalfOf("ISO-8859-5")),
    ARABIC(Shape.SET_96, 'G', 1, () -> CodeTable.upperHalfOf("ISO-8859-6")),
    GREEK(Shape.SET_96, 'F', 1, () -> CodeTable.upperHalfOf("ISO-8859-7")),
    HEBREW(Shape.SET_96, 'H', 1, () -> CodeTable.upperHalfOf("ISO-8859-8")),
    LATIN_5(Shape.SET_96, 'M', 1, () -> CodeTable.upperHalfOf("ISO-8859-9")),
    LATIN_9(Shape.SET_96, 'b', 1, () -> CodeTable.upperHalfOf("ISO-8859-15")),
    THAI(Shape.SET_96, 'T', 1, () -> CodeTable.upperHalfOf("TIS-620")),
    JIS_X0208(Shape.SET_94_94, 'B', 0, () -> CodeTable.doubleByteOf("EUC-JP", 0)),
    JIS_X0212(Shape.SET_94_94, 'D', 0, () -> CodeTable.doubleByteOf("EUC-JP", 0x8F)),
    KS_X1001(Shape.SET_94_94, 'C', 1, () -> CodeTable.doubleByteOf("EUC-KR", 0)),
    GB2312(Shape.SET_94_94, 'A', 1, () -> CodeTable.doubleByteOf("GB2312", 0));

    /** How ISO 2022 counts the set; it decides the intermediate bytes of the escape sequence. */
    enum Shape {
        /** 94 single-byte characters (escape {@code ( F} into G0, {@code ) F} into G1). */
        SET_94,
        /** 96 single-byte characters, G1 only in ISO 2022 (escape {@code - F}). */
        SET_96,
        /** 94x94 double-byte characters (escape {@code $ F} or {@code $ ( F} into G0, {@code $ ) F} into G1). */
        SET_94_94
    }

    private static final int ESC = 0x1B;

    private final Shape shape;
    private final int finalByte;
    private final int homeRegister;
    private final Supplier<CodeTable> tableSource;
    /** Built on first use: most archives never meet most of these sets, and the CJK tables are large. */
    private volatile CodeTable table;

    CodeElement(Shape shape, int finalByte, int homeRegister, Supplier<CodeTable> tableSource) {
        this.shape = shape;
        this.finalByte = finalByte;
        this.homeRegister = homeRegister;
        this.tableSource = tableSource;
    }

    CodeTable table() {
        CodeTable t = table;
        if (t == null) {
            // Two threads may both build it; the results are equal and immutable, so either may win.
            t = tableSource.get();
            table = t;
        }
        return t;
    }

    boolean isDoubleByte() {
        return shape == Shape.SET_94_94;
    }

    /**
     * True for the ISO 646 variants (ASCII, JIS X 0201 romaji): only in these are 05/12, 05/14 and
     * 03/13 the DICOM delimiters; in a double-byte G0 they can be half of a character.
     */
    boolean isIso646() {
        return this == ASCII || this == JIS_X0201_ROMAN;
    }

    /** 0 when DICOM puts this set in G0 (invoked by GL bytes), 1 for G1 (GR bytes). */
    int homeRegister() {
        return homeRegister;
    }

    /** The escape sequence that designates this set into its home register. */
    byte[] designation() {
        switch (shape) {
            case SET_94:
                return new byte[] {ESC, (byte) (homeRegister == 0 ? '(' : ')'), (byte) finalByte};
            case SET_96:
                return new byte[] {ESC, '-', (byte) finalByte};
            default:
                if (homeRegister == 1) {
                    return new byte[] {ESC, '$', ')', (byte) finalByte};
                }
                // ISO 2022 lets the G0 designation of the three oldest sets (@, A, B) omit '('.
                return finalByte <= 'B'
                        ? new byte[] {ESC, '$', (byte) finalByte}
                        : new byte[] {ESC, '$', '(', (byte) finalByte};
        }
    }

    /** The element an escape sequence of this shape and final byte designates, or null if unknown. */
    static CodeElement designatedBy(Shape shape, int finalByte) {
        if (shape == Shape.SET_94_94 && finalByte == '@') {
            // JIS C 6226-1978, the predecessor of JIS X 0208; older Japanese systems still send it.
            return JIS_X0208;
        }
        for (CodeElement e : values()) {
            if (e.shape == shape && e.finalByte == finalByte) {
                return e;
            }
        }
        return null;
    }
}
