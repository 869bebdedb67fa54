package io.sagitta.core.charset;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The characters of one code element, by their 7-bit (GL) code: a byte {@code 0x20..0x7F} for a
 * single-byte set, or two bytes {@code 0x21..0x7E} packed as {@code hi << 8 | lo} for a 94x94 set.
 * When the set is invoked into GR the caller strips the high bit first, so one table serves both.
 *
 * <p>Tables are read out of the JDK's charsets instead of being carried as data: the JDK already
 * holds JIS X 0208/0212, KS X 1001 and GB 2312 (in their EUC forms) and the ISO 8859 parts.
 * Encoding uses the reverse of the decode table, so whatever is encoded decodes back to itself.
 */
final class CodeTable {

    static final char UNMAPPED = '\uFFFD';

    /** A table that maps nothing, used when the JDK lacks a charset; decoding then yields U+FFFD. */
    static final CodeTable EMPTY = new CodeTable(false, filledWithUnmapped(96));

    private final boolean doubleByte;
    private final char[] toUnicode;
    private final char[] sortedChars;
    private final char[] codesOfSorted;

    private CodeTable(boolean doubleByte, char[] toUnicode) {
        this.doubleByte = doubleByte;
        this.toUnicode = toUnicode;
        long[] pairs = new long[toUnicode.length];
        int count = 0;
        for (int i = 0; i < toUnicode.length; i++) {
            if (toUnicode[i] != UNMAPPED) {
                pairs[count++] = ((long) toUnicode[i] << 16) | codeAt(i);
            }
        }
        // Sorted by character, then by code: where two codes share a character the lower one wins.
        Arrays.sort(pairs, 0, count);
        char[] chars = new char[count];
        char[] codes = new char[count];
        int unique = 0;
        for (int i = 0; i < count; i++) {
            char c = (char) (pairs[i] >>> 16);
            if (unique > 0 && chars[unique - 1] == c) {
                continue;
            }
            chars[unique] = c;
            codes[unique++] = (char) pairs[i];
        }
        this.sortedChars = Arrays.copyOf(chars, unique);
        this.codesOfSorted = Arrays.copyOf(codes, unique);
    }

    boolean isDoubleByte() {
        return doubleByte;
    }

    /** The character for a GL code, or {@link #UNMAPPED}. */
    char decode(int code) {
        int index = indexOf(code);
        return index < 0 ? UNMAPPED : toUnicode[index];
    }

    /** The GL code for a code point, or -1 when this set does not hold it. */
    int encode(int codePoint) {
        if (codePoint > 0xFFFF || codePoint == UNMAPPED) {
            return -1;
        }
        int i = Arrays.binarySearch(sortedChars, (char) codePoint);
        return i < 0 ? -1 : codesOfSorted[i];
    }

    private int indexOf(int code) {
        if (!doubleByte) {
            return code >= 0x20 && code <= 0x7F ? code - 0x20 : -1;
        }
        int hi = code >> 8;
        int lo = code & 0xFF;
        if (hi < 0x21 || hi > 0x7E || lo < 0x21 || lo > 0x7E) {
            return -1;
        }
        return (hi - 0x21) * 94 + (lo - 0x21);
    }

    private int codeAt(int index) {
        return doubleByte ? (index / 94 + 0x21) << 8 | (index % 94 + 0x21) : index + 0x20;
    }

    /** ISO 646 IRV (ASCII), space included: the default G0 of DICOM (ISO-IR 6). */
    static CodeTable ascii() {
        char[] t = filledWithUnmapped(96);
        for (int code = 0x20; code <= 0x7E; code++) {
            t[code - 0x20] = (char) code;
        }
        return new CodeTable(false, t);
    }

    /**
     * JIS X 0201 romaji (ISO-IR 14): ASCII except YEN SIGN at 05/12 and OVERLINE at 07/14
     * (PS3.5 H.1.1). The JDK's JIS_X0201 reads those two as ASCII, hence this table.
     */
    static CodeTable jisRoman() {
        char[] t = ascii().toUnicode.clone();
        t[0x5C - 0x20] = '\u00A5';
        t[0x7E - 0x20] = '\u203E';
        return new CodeTable(false, t);
    }

    /** JIS X 0201 katakana (ISO-IR 13): 02/01..05/15 are the half-width katakana block of Unicode. */
    static CodeTable jisKatakana() {
        char[] t = filledWithUnmapped(96);
        for (int code = 0x21; code <= 0x5F; code++) {
            t[code - 0x20] = (char) (0xFF61 + code - 0x21);
        }
        return new CodeTable(false, t);
    }

    /** The right half (A0..FF) of a single-byte JDK charset, as a 96-character set. */
    static CodeTable upperHalfOf(String charsetName) {
        Charset charset = charsetOrNull(charsetName);
        if (charset == null) {
            return EMPTY;
        }
        char[] t = filledWithUnmapped(96);
        for (int code = 0x20; code <= 0x7F; code++) {
            String s = new String(new byte[] {(byte) (code | 0x80)}, charset);
            if (s.length() == 1) {
                t[code - 0x20] = s.charAt(0);
            }
        }
        return new CodeTable(false, t);
    }

    /**
     * A 94x94 set read from its EUC form in the JDK, where both bytes carry the high bit; {@code
     * prefix} is the single shift that EUC-JP puts before JIS X 0212 (0x8F), or 0 for none.
     */
    static CodeTable doubleByteOf(String eucCharsetName, int prefix) {
        Charset charset = charsetOrNull(eucCharsetName);
        char[] t = filledWithUnmapped(94 * 94);
        if (charset != null) {
            byte[] bytes = prefix == 0 ? new byte[2] : new byte[] {(byte) prefix, 0, 0};
            int at = bytes.length - 2;
            for (int i = 0; i < t.length; i++) {
                bytes[at] = (byte) (0xA1 + i / 94);
                bytes[at + 1] = (byte) (0xA1 + i % 94);
                String s = new String(bytes, charset);
                if (s.length() == 1) {
                    t[i] = s.charAt(0);
                }
            }
        }
        return new CodeTable(true, t);
    }

    static Charset charsetOrNull(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            // A runtime image without jdk.charsets: the set then decodes to U+FFFD instead of failing.
            return null;
        }
    }

    private static char[] filledWithUnmapped(int size) {
        char[] t = new char[size];
        Arrays.fill(t, UNMAPPED);
        return t;
    }
}
