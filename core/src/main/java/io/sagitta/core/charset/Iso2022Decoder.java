package io.sagitta.core.charset;

import io.sagitta.core.data.VR;

/**
 * Reads one value field under ISO 2022 code extensions. One pass over the bytes with the state
 * held in two registers: G0 (what GL bytes mean) and G1 (GR bytes). The field is not split on
 * backslashes first, because in a double-byte G0 (JIS X 0208) 05/12 can be half of a kanji; a
 * delimiter is only a delimiter while G0 is an ISO 646 set, and there it restores the initial
 * state, as does every control character.
 *
 * <p>Nothing here throws on bad input: an unknown or cut-off escape sequence, a lone half of a
 * double-byte character or a code the set does not hold each become U+FFFD, and the rest of the
 * field is still read. One instance per field; not thread-safe.
 */
final class Iso2022Decoder {

    private static final int ESC = 0x1B;

    private final Iso2022Codec codec;
    private final VR vr;
    private CodeElement g0;
    private CodeElement g1;
    private byte[] in;
    private int pos;
    private int end;
    private StringBuilder out;

    Iso2022Decoder(Iso2022Codec codec, VR vr) {
        this.codec = codec;
        this.vr = vr;
    }

    String decode(byte[] bytes, int offset, int length) {
        in = bytes;
        pos = offset;
        end = offset + length;
        out = new StringBuilder(length);
        g0 = codec.initialG0();
        g1 = codec.initialG1();
        while (pos < end) {
            int b = in[pos++] & 0xFF;
            if (b == ESC) {
                escapeSequence();
            } else if (b < 0x20) {
                resetState();
                out.append((char) b);
            } else if (b == 0x20 || b == 0x7F) {
                // SPACE and DELETE are fixed in ISO 2022 whatever G0 holds.
                out.append((char) b);
            } else if (b < 0x80) {
                graphicLeft(b);
            } else {
                graphicRight(b);
            }
        }
        return out.toString();
    }

    /**
     * Makes the initial state active again. G1 is left alone when value 1 designates nothing there:
     * GR bytes mean nothing in that state, so if a writer did not repeat its escape sequence after
     * a delimiter, the set it designated last is the only sensible reading. Conforming text
     * designates again anyway, so it reads the same either way.
     */
    private void resetState() {
        g0 = codec.initialG0();
        if (codec.initialG1() != null) {
            g1 = codec.initialG1();
        }
    }

    private void graphicLeft(int b) {
        if (!g0.isDoubleByte()) {
            if (g0.isIso646() && Iso2022Codec.isDelimiter(b, vr)) {
                // The delimiter belongs to the initial state, whatever came before it.
                resetState();
                out.append(b == '\\' && Iso2022Codec.isMultiValued(vr) ? '\\' : g0.table().decode(b));
            } else {
                out.append(g0.table().decode(b));
            }
            return;
        }
        if (pos < end && isGraphicLeft(in[pos] & 0xFF)) {
            out.append(g0.table().decode(b << 8 | (in[pos++] & 0xFF)));
        } else {
            out.append(CodeTable.UNMAPPED);
        }
    }

    private void graphicRight(int b) {
        if (g1 == null || b < 0xA0) {
            // Nothing designated into G1, or a C1 control: keep the byte as ISO-8859-1 would, as the
            // default repertoire does, so no information is lost.
            out.append((char) b);
            return;
        }
        if (!g1.isDoubleByte()) {
            out.append(g1.table().decode(b & 0x7F));
            return;
        }
        int next = pos < end ? in[pos] & 0xFF : 0;
        if (isGraphicLeft(b & 0x7F) && next >= 0x80 && isGraphicLeft(next & 0x7F)) {
            pos++;
            out.append(g1.table().decode((b & 0x7F) << 8 | (next & 0x7F)));
        } else {
            out.append(CodeTable.UNMAPPED);
        }
    }

    /**
     * ESC, intermediate bytes 02/00..02/15, one final byte 03/00..07/14 (ISO/IEC 2022). The
     * designations DICOM uses are {@code ( ) -} for single-byte sets and {@code $}, {@code $ (} and
     * {@code $ )} for double-byte ones.
     */
    private void escapeSequence() {
        int first = pos;
        while (pos < end && (in[pos] & 0xF0) == 0x20) {
            pos++;
        }
        if (pos >= end || (in[pos] & 0xFF) < 0x30 || (in[pos] & 0xFF) > 0x7E) {
            out.append(CodeTable.UNMAPPED);
            return;
        }
        int finalByte = in[pos++] & 0xFF;
        int count = pos - 1 - first;
        int i1 = count > 0 ? in[first] : -1;
        int i2 = count > 1 ? in[first + 1] : -1;
        if (count == 1 && i1 == '&') {
            // ESC & F announces a revision of the set designated next (JIS X 0208-1990): no change.
            return;
        }
        CodeElement.Shape shape;
        int register;
        if (count == 1 && (i1 == '(' || i1 == ')')) {
            shape = CodeElement.Shape.SET_94;
            register = i1 == '(' ? 0 : 1;
        } else if (count == 1 && i1 == '-') {
            shape = CodeElement.Shape.SET_96;
            register = 1;
        } else if (count == 1 && i1 == '$') {
            shape = CodeElement.Shape.SET_94_94;
            register = 0;
        } else if (count == 2 && i1 == '$' && (i2 == '(' || i2 == ')')) {
            shape = CodeElement.Shape.SET_94_94;
            register = i2 == '(' ? 0 : 1;
        } else {
            out.append(CodeTable.UNMAPPED);
            return;
        }
        CodeElement element = CodeElement.designatedBy(shape, finalByte);
        if (element == null) {
            // A set we cannot read: mark the loss; what follows is read with the current state.
            out.append(CodeTable.UNMAPPED);
        } else if (register == 0) {
            g0 = element;
        } else {
            g1 = element;
        }
    }

    private static boolean isGraphicLeft(int b) {
        return b >= 0x21 && b <= 0x7E;
    }
}
