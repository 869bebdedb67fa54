package io.sagitta.core.charset;

import io.sagitta.core.data.VR;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The character repertoire of a dataset, from the values of Specific Character Set (0008,0005)
 * (PS3.3 C.12.1.1.2, PS3.5 6.1): it decodes and encodes the text of the VRs that depend on it
 * (SH, LO, ST, LT, UT, PN, UC). Immutable and thread-safe.
 *
 * <p>Three kinds of set hide behind this class. A single term without code extensions (ISO_IR 100,
 * ISO_IR 192, GB18030, ...) is a JDK charset over the whole field. Terms with code extensions
 * ("ISO 2022 IR ...", or several values) are read and written with ISO 2022 escape sequences.
 * ISO_IR 13 uses the ISO 2022 machinery without escapes, because no JDK charset gives JIS X 0201
 * its YEN SIGN while keeping 05/12 the value delimiter.
 *
 * <p>Reading is lenient, as an archive must be: unknown terms read as the default repertoire,
 * malformed bytes and escape sequences become U+FFFD, and nothing throws. Known deviations are
 * accepted too: terms with odd spelling ("ISO_IR100"), a term without "ISO 2022" among several
 * values (read as its ISO 2022 form), and extra values after UTF-8, GB18030 or GBK (ignored, since
 * those sets exclude code extensions).
 */
public final class SpecificCharacterSet {

    /** ISO_IR 6 default repertoire. Decoding is lenient: bytes >= 0x80 decode as ISO-8859-1 so nothing is lost. */
    public static final SpecificCharacterSet DEFAULT =
            new SpecificCharacterSet(new String[0], CharsetCodec.LENIENT_ASCII, false);

    /** UTF-8 (ISO_IR 192). */
    public static final SpecificCharacterSet UTF_8 =
            new SpecificCharacterSet(new String[] {"ISO_IR 192"}, CharsetCodec.UTF_8, false);

    private final String[] terms;
    private final TextCodec codec;
    private final boolean iso2022;

    private SpecificCharacterSet(String[] terms, TextCodec codec, boolean iso2022) {
        this.terms = terms;
        this.codec = codec;
        this.iso2022 = iso2022;
    }

    /**
     * From the values of (0008,0005) Specific Character Set; null/empty array/blank values -> DEFAULT.
     * Unknown terms fall back to DEFAULT-like lenient decoding for that term, never throw. A value
     * holding backslashes (the raw field) is split into its values.
     */
    public static SpecificCharacterSet of(String... values) {
        String[] terms = cleanValues(values);
        if (terms.length == 0) {
            return DEFAULT;
        }
        List<DefinedTerm> known = new ArrayList<>(terms.length);
        boolean anyIso2022Form = false;
        for (String term : terms) {
            known.add(DefinedTerm.lookup(term));
            anyIso2022Form |= DefinedTerm.isIso2022Form(term);
        }
        DefinedTerm first = known.get(0);
        if (first != null && !first.allowsCodeExtensions()) {
            return new SpecificCharacterSet(terms, CharsetCodec.forName(first.charsetName()), false);
        }
        if (terms.length > 1 || anyIso2022Form) {
            return new SpecificCharacterSet(terms, Iso2022Codec.of(known), true);
        }
        if (first == null || first == DefinedTerm.ISO_IR_6) {
            return new SpecificCharacterSet(terms, CharsetCodec.LENIENT_ASCII, false);
        }
        if (first.charsetName() == null) {
            return new SpecificCharacterSet(terms, Iso2022Codec.of(known), false);
        }
        return new SpecificCharacterSet(terms, CharsetCodec.forName(first.charsetName()), false);
    }

    /** Trimmed values, split at backslashes, without trailing empty ones; value 1 may stay empty. */
    private static String[] cleanValues(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                if (value == null) {
                    out.add("");
                    continue;
                }
                for (String part : value.split("\\\\", -1)) {
                    out.add(part.trim());
                }
            }
        }
        int size = out.size();
        while (size > 0 && out.get(size - 1).isEmpty()) {
            size--;
        }
        return out.subList(0, size).toArray(new String[0]);
    }

    /** The defined terms this set was made from (trimmed), empty for DEFAULT. */
    public String[] terms() {
        return terms.clone();
    }

    /**
     * True when text in this set may contain ISO 2022 escape sequences: any "ISO 2022 ..." term, or
     * several values, unless value 1 is UTF-8, GB18030 or GBK.
     */
    public boolean isIso2022() {
        return iso2022;
    }

    /**
     * Decodes a whole value field (all values, backslash-separated, as on the wire). `vr` matters:
     * for PN, '^' and '=' are delimiters that reset ISO 2022 state; for every VR, '\\', CR, LF, FF,
     * TAB do (PS3.5 6.1.2.5.3). VRs that do not depend on the character set decode as ISO-8859-1.
     * Never throws on malformed bytes (they become U+FFFD). Padding is not removed.
     */
    public String decode(byte[] bytes, int offset, int length, VR vr) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (vr != null && !vr.isCharsetDependent()) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        return codec.decode(bytes, offset, length, vr);
    }

    public String decode(byte[] bytes, VR vr) {
        return decode(bytes, 0, bytes.length, vr);
    }

    /**
     * Encodes a value field (may contain '\\' between values). For ISO 2022 sets, chooses per
     * character run the first listed code element that can encode it, emitting escape sequences
     * and returning to the initial state before each delimiter (per PN component group and at the
     * end), as PS3.5 Annex H/I/J examples show. Characters the set cannot encode become '?'
     * (DEFAULT writes ISO-8859-1, mirroring its lenient decoding). No padding is added.
     */
    public byte[] encode(String text, VR vr) {
        if (vr != null && !vr.isCharsetDependent()) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        return codec.encode(text, vr);
    }

    /** True when every character of text can be encoded by this set (for DEFAULT: ASCII only). */
    public boolean canEncode(String text) {
        return codec.canEncode(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet && Arrays.equals(terms, ((SpecificCharacterSet) o).terms);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(terms);
    }

    /** The value of (0008,0005) as it would be written. */
    @Override
    public String toString() {
        return String.join("\\", terms);
    }
}
